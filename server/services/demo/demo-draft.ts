import type { Db } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import { parseOutlineText } from "@/lib/import/index";
import { setDraftMemberRole } from "../drafts/draft-members";
import { createDraft } from "../drafts/create-draft";
import { importedContent } from "../drafts/import-draft";

// The demo's one draft: a chair's speech for the year-planning meeting (务虚会), written for
// the demo (invented district, invented figures). It goes through the importer like a pasted
// text, so a fresh portal shows what import makes of official numbering: three 一、 sections,
// twelve （一） sections — the first and last groups mostly run in (“（一）…。正文”).
// The draft sits in 提案委员会, owned by its head, with a member in each draft role.

export const DEMO_DRAFT_TITLE = "在区政协2027年度务虚会上的讲话";

export const DEMO_SPEECH_TEXT = `${DEMO_DRAFT_TITLE}

同志们：

今天召开区政协2027年度务虚会，主要任务是回顾总结今年以来的履职工作，分析研判新形势新任务，研究谋划明年工作思路和重点。刚才，各专委会和界别召集人作了交流发言，讲得都很好，有思考、有建议，请办公室认真梳理吸收，体现到明年的工作要点中。下面，我讲三点意见。

一、回顾今年工作，履职尽责取得新成效

今年以来，区政协在区委的坚强领导下，紧扣全区中心工作，团结带领全体委员积极建言献策、广泛凝聚共识，各项工作呈现出稳中有进、进中提质的良好态势。

（一）政治引领有新亮点。坚持把理论学习摆在首位，完善党组理论学习中心组学习、常委会集体学习和委员专题培训相衔接的学习制度，全年组织集中学习十一次，举办“委员讲堂”九场，线上线下参与四千余人次。
各专委会结合界别特点开展学习交流，委员对政协性质定位的认识更加深刻，做好履职工作的思想基础更加牢固。

（二）协商议政有新成效。围绕城市更新、社区养老、营商环境等议题，组织全体会议协商、专题协商和对口协商十四场，形成协商报告和建议案十二篇，多项建议被区委、区政府采纳并转化为政策措施。
其中，关于老旧小区加装电梯的协商建议，推动出台了简化审批流程的实施办法，全年新增加装电梯八十六部，群众反映良好。
在协商形式上，我们探索开展“有事好商量”社区协商议事活动，在全区十二个街道设立协商议事室，组织委员下沉基层协商议事三十余次，把协商平台延伸到群众家门口。

（三）民主监督有新突破。聚焦河道综合治理和“一老一小”服务设施建设，组织委员开展监督性视察六次，召开民主评议会两场。
我们坚持监督与支持相统一，既指出问题、又帮助解决问题，推动相关部门建立问题清单、整改清单和责任清单，监督实效进一步显现。
同时，委员全年报送社情民意信息一百二十余篇，其中二十三篇被上级政协和区委、区政府采用，一批群众关心的停车难、就医难问题得到推动解决。

（四）自身建设有新提升。修订委员履职考核办法，建立委员履职档案，委员年度履职报告实现全覆盖。专委会工作规则进一步完善，机关作风建设持续加强，服务委员、服务履职的能力不断提升。
在看到成绩的同时，我们也清醒地认识到，工作中还存在一些不足：有的调研课题选题偏大，成果转化不够充分；有的委员履职积极性不够高，参与活动不够经常；专委会之间的协同配合还需要加强。对这些问题，我们要高度重视，在今后的工作中认真加以解决。

二、把握形势任务，进一步增强做好政协工作的责任感

当前，全区发展进入爬坡过坎、提质增效的关键阶段，改革发展稳定任务艰巨繁重。从外部环境看，经济发展面临的不确定因素增多；从内部条件看，我区产业基础扎实、区位优势明显、发展潜力较大。机遇和挑战并存，需要政协更好发挥人才荟萃、智力密集的优势，为区委、区政府科学决策提供有力支撑。我们要立足政协专门协商机构的职能定位，把思想和行动统一到区委的决策部署上来。

（一）坚持党的全面领导，始终把牢正确政治方向

坚持党的领导是人民政协的根本政治原则。政协的各项工作都要在区委领导下进行，重要工作、重大事项及时向区委请示报告。
要把党的领导贯穿履职全过程，把区委的决策部署转化为政协的工作安排，确保政协工作始终沿着正确方向前进。
各专委会、各界别活动组要加强思想政治引领，引导委员在大是大非面前旗帜鲜明，在履职尽责中彰显担当。

（二）坚持围绕中心、服务大局，找准履职切入点

区委确定的重点任务，就是政协履职的重点方向。要紧扣产业转型、城市更新、乡村振兴等中心工作选题立项，做到党政有关注、群众有期盼、政协有条件。
选题要小切口、深挖掘，调研要下得去、摸得透，建议要提得准、能落地，努力多出有分量、可操作的成果。
要坚持建言资政和凝聚共识双向发力，既为党政部门出主意、想办法，又在协商议政中宣传政策、解疑释惑，协助做好团结群众、凝聚人心的工作。

（三）坚持人民至上，把群众关切作为履职重点

要把增进人民福祉作为履职的出发点和落脚点，多到基层一线、多到群众身边，倾听群众呼声，反映群众意愿。
对于教育、医疗、养老、托育等群众身边的急难愁盼问题，要持续跟踪、久久为功，推动一件一件抓落实。
要加强社情民意信息工作，拓宽收集渠道，提高信息质量，及时、准确、全面地反映群众的意见和建议。

（四）坚持团结民主，广泛凝聚奋进力量

团结和民主是人民政协的两大主题。要发挥政协联系广泛的优势，加强同各党派团体和各族各界人士的团结合作，做好协商中的思想引导和凝聚共识工作。
要营造既畅所欲言、各抒己见，又理性有序、合法依章的协商氛围，让不同意见在政协平台上充分表达、深入交流。

三、突出工作重点，扎实做好明年各项工作

明年是推进全区发展规划落地见效的重要一年，也是本届政协承上启下的关键一年。区政协要坚持稳中求进、守正创新，在提高履职质量上下功夫，重点抓好以下四个方面的工作。

（一）聚焦高质量发展开展协商议政。围绕制造业转型升级、科技创新平台建设和民营经济发展，安排全体会议协商一次、专题协商两次，组织专委会开展对口协商不少于六次。
各专委会要提前谋划调研课题，在一季度前确定调研方案，做到“一题一组、一组一报告”。
对协商成果，要建立报送、反馈和跟踪机制，每半年梳理一次采纳落实情况，向常委会议报告。

（二）聚焦民生关切强化民主监督。围绕社区嵌入式服务设施建设和中小学课后服务两项议题，开展全过程跟踪监督。
要健全监督意见交办、反馈和评价机制，对重点问题实行“回头看”，推动监督意见落到实处。
各专委会要结合各自联系的领域，每年至少确定一个监督议题，委员参与监督活动的情况纳入年度履职考核。

（三）聚焦提案质量完善全流程机制

提案工作是政协履职的重要载体。要坚持质量导向，完善提案征集、审查、交办、办理、督办和评价各环节的工作规范，推行提案线索征集和提案预审制度。
要加强重点提案遴选和督办，由主席会议成员领衔督办重点提案，推动提案办理从“重答复”向“重落实”转变。
要用好协同审阅平台，推动提案、调研报告和协商发言在线起草、集体审阅、逐段批注，提高工作效率和成果质量。

（四）聚焦履职能力加强委员队伍建设。深化委员履职考核，完善委员联系界别群众制度，开展新任委员履职培训和专题读书活动。
要坚持从严治机关，加强机关干部教育培训和作风建设，提升服务保障水平，为委员履职创造良好条件。
同志们，做好明年的政协工作，任务光荣、责任重大。让我们在区委的坚强领导下，坚定信心、凝心聚力、担当作为，为全区经济社会高质量发展作出新的更大贡献！
`;

const OWNER = "zhaolixin";
const COMMITTEE = "提案委员会";
/** Explicit draft roles. wuhaiyan (deputy head) is already an EDITOR by default; gaoxue is a member (COMMENTER by default). */
const DEMO_MEMBERS: { username: string; role: Exclude<DraftRole, "OWNER"> }[] = [
  { username: "majun", role: "EDITOR" },
  { username: "gaoxue", role: "COMMENTER" },
  { username: "huangzhiming", role: "VIEWER" },
];

const DAY = 86_400_000;

/** YYYY-MM-DD of a date in China's time zone. */
function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Creates the demo draft (through the importer and createDraft, so it has a Yjs snapshot,
 * derived sections and an audit event) and its explicit members. Needs the demo users.
 * Idempotent: when the draft already exists it only makes sure of the members. Returns its id.
 */
export async function seedDemoDraft(o: { db: Db; now?: Date }): Promise<string> {
  const now = o.now ?? new Date();
  const [owner, committee] = await Promise.all([
    o.db.user.findUnique({
      where: { username: OWNER },
      select: { id: true, role: true, disabled: true, memberships: { select: { committeeId: true, role: true } } },
    }),
    o.db.committee.findUnique({ where: { name: COMMITTEE }, select: { id: true } }),
  ]);
  if (!owner || !committee) throw new Error(`demo draft: ${OWNER} / ${COMMITTEE} missing — seed the demo users first`);

  const existing = await o.db.draft.findFirst({
    where: { title: DEMO_DRAFT_TITLE, committeeId: committee.id, ownerId: owner.id },
    select: { id: true },
  });
  const draftId =
    existing?.id ??
    (
      await createDraft({
        db: o.db,
        actor: owner,
        meta: {},
        source: "demo",
        input: {
          title: DEMO_DRAFT_TITLE,
          kind: "SPEECH",
          committeeId: committee.id,
          // The meeting three weeks out; comments due a week before it, 17:00 Beijing time.
          meetingDate: shanghaiDate(new Date(now.getTime() + 21 * DAY)),
          deadline: new Date(`${shanghaiDate(new Date(now.getTime() + 14 * DAY))}T17:00:00+08:00`).toISOString(),
        },
        content: importedContent(parseOutlineText(DEMO_SPEECH_TEXT)),
      })
    ).id;

  // Through the service, like an owner's own change: audited, and open editors hear of it.
  const users = await o.db.user.findMany({
    where: { username: { in: DEMO_MEMBERS.map((m) => m.username) } },
    select: { id: true, username: true, draftRoles: { where: { draftId }, select: { role: true } } },
  });
  for (const m of DEMO_MEMBERS) {
    const user = users.find((u) => u.username === m.username);
    if (!user || user.draftRoles[0]?.role === m.role) continue;
    await setDraftMemberRole({ db: o.db, actor: owner, meta: {}, draftId, userId: user.id, role: m.role });
  }
  return draftId;
}
