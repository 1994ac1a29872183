import type { Db } from "../../db/client";
import type { CommitteeRole, GlobalRole } from "../../db/generated/enums";
import { hashPassword } from "../../auth/password";
import { recordAuditEvent } from "../audit/record-audit-event";
import { seedDemoDraft } from "./demo-draft";

// Demo data for a first start on an empty database: a district CPPCC with its chair, two
// vice-chairs, the secretariat, three special committees and their members. Invented
// people; the titles follow how a district 政协 names its posts.

export const DEMO_PASSWORD = "Xieshen@2026";

interface DemoUser {
  username: string;
  name: string;
  title: string;
  role: GlobalRole;
  committees?: [string, CommitteeRole][];
}

const COMMITTEES = [
  { key: "tian", name: "提案委员会", description: "负责提案征集、审查、交办和督办工作。" },
  { key: "jingji", name: "经济委员会", description: "围绕区域经济发展开展调查研究和协商议政。" },
  { key: "wenshi", name: "文化文史和学习委员会", description: "联系文化界别委员，组织文史资料征集和委员学习。" },
] as const;

type CommitteeKey = (typeof COMMITTEES)[number]["key"];

const USERS: (DemoUser & { committees?: [CommitteeKey, CommitteeRole][] })[] = [
  { username: "bangongshi", name: "李晓梅", title: "区政协办公室副主任", role: "ADMIN" },
  { username: "wangjianguo", name: "王建国", title: "区政协主席", role: "CHAIR" },
  { username: "chenhong", name: "陈红", title: "区政协副主席", role: "VICE_CHAIR" },
  { username: "liuzhiqiang", name: "刘志强", title: "区政协副主席", role: "VICE_CHAIR" },
  { username: "zhaolixin", name: "赵立新", title: "提案委员会主任", role: "MEMBER", committees: [["tian", "HEAD"]] },
  { username: "wuhaiyan", name: "吴海燕", title: "提案委员会副主任", role: "MEMBER", committees: [["tian", "DEPUTY_HEAD"]] },
  { username: "sunlihua", name: "孙丽华", title: "经济委员会主任", role: "MEMBER", committees: [["jingji", "HEAD"]] },
  { username: "zhengguoping", name: "郑国平", title: "经济委员会副主任", role: "MEMBER", committees: [["jingji", "DEPUTY_HEAD"]] },
  { username: "zhouwenbo", name: "周文博", title: "文化文史和学习委员会主任", role: "MEMBER", committees: [["wenshi", "HEAD"]] },
  { username: "hejing", name: "何静", title: "文化文史和学习委员会副主任", role: "MEMBER", committees: [["wenshi", "DEPUTY_HEAD"]] },
  { username: "huangzhiming", name: "黄志明", title: "区政协委员，某科技公司总经理", role: "MEMBER", committees: [["jingji", "MEMBER"]] },
  { username: "linfang", name: "林芳", title: "区政协委员，区第一中学副校长", role: "MEMBER", committees: [["wenshi", "MEMBER"]] },
  { username: "majun", name: "马俊", title: "区政协委员，律师事务所主任", role: "MEMBER", committees: [["tian", "MEMBER"]] },
  { username: "gaoxue", name: "高雪", title: "区政协委员，区人民医院主任医师", role: "MEMBER", committees: [["tian", "MEMBER"]] },
  { username: "luobin", name: "罗斌", title: "区政协委员，街道社区卫生服务中心主任", role: "MEMBER", committees: [["jingji", "MEMBER"]] },
  { username: "lianghui", name: "梁慧", title: "区政协委员，区文化馆馆长", role: "MEMBER", committees: [["wenshi", "MEMBER"]] },
  { username: "songtao", name: "宋涛", title: "区政协委员，农业合作社理事长", role: "MEMBER", committees: [["jingji", "MEMBER"], ["tian", "MEMBER"]] },
  { username: "tangmin", name: "唐敏", title: "区政协委员，区工商联副主席", role: "MEMBER", committees: [["wenshi", "MEMBER"]] },
];

const ROLE_LABEL: Record<GlobalRole, string> = {
  ADMIN: "办公室 secretariat (admin)",
  CHAIR: "主席 chair",
  VICE_CHAIR: "副主席 vice-chair",
  MEMBER: "委员 member",
};

export const DEMO_LOGINS = USERS.slice(0, 7).map((u) => ({
  username: u.username,
  label: `${u.name}（${u.title}）— ${ROLE_LABEL[u.role]}`,
}));

/** Seeds the demo organisation when the database has no users. Returns whether it did. */
export async function seedDemoIfEmpty(o: { db: Db }): Promise<boolean> {
  if ((await o.db.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await o.db.$transaction(async (tx) => {
    const committeeIds = new Map<CommitteeKey, string>();
    for (const c of COMMITTEES) {
      const row = await tx.committee.create({ data: { name: c.name, description: c.description } });
      committeeIds.set(c.key, row.id);
    }
    for (const u of USERS) {
      const user = await tx.user.create({
        data: { username: u.username, name: u.name, title: u.title, role: u.role, passwordHash },
      });
      for (const [key, role] of u.committees ?? []) {
        await tx.membership.create({ data: { userId: user.id, committeeId: committeeIds.get(key)!, role } });
      }
    }
    await recordAuditEvent({
      tx, actorId: null, type: "demo.seeded",
      data: { users: USERS.length, committees: COMMITTEES.length },
    });
  }, { timeout: 60_000 });
  // Its own step: the draft goes through createDraft (policy, snapshot, sections, audit).
  await seedDemoDraft({ db: o.db });
  return true;
}
