import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/server/auth/session";
import { signoffPolicy } from "@/server/policy/signoff";
import { draftPath, hashPrefix } from "@/components/signoff/paths";
import { loadOr404 } from "../load-or-404";
import { RuleEditor } from "@/components/signoff/rule-editor";
import { RequestButton } from "@/components/signoff/request-panel";
import { SignActions } from "@/components/signoff/sign-panel";
import { ReopenButton } from "@/components/signoff/reopen-panel";
import { PageNoticeProvider } from "@/components/signoff/page-notice";
import { DiffLegend, DiffView } from "@/components/versions/diff-view";
import { VersionContent } from "@/components/versions/version-content";

async function load(draftId: string) {
  return loadOr404(async (api) => {
    const [data, status, rule, versions, comments] = await Promise.all([
      api.drafts.get({ draftId }),
      api.signoff.status({ draftId }),
      api.signoff.rule({ draftId }),
      api.versions.list({ draftId }),
      api.comments.list({ draftId }).catch(() => null),
    ]);
    const round = status.round;
    const mine = status.mine;
    // What the signer reads: the version under sign-off, and what changed since the version they last approved or returned.
    const [version, sinceMine] = await Promise.all([
      round && mine.stageIndex !== null ? api.versions.get({ draftId, versionId: round.versionId }) : null,
      round && mine.lastSignedVersion && mine.changedSinceMySignature.length > 0
        ? api.versions.diff({ draftId, fromVersionId: mine.lastSignedVersion.id, toVersionId: round.versionId })
        : null,
    ]);
    return { ...data, status, rule, versions, comments, version, sinceMine };
  });
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { draft } = await loadOr404((api) => api.drafts.get({ draftId: id }));
  const t = await getTranslations("signoff.ui.page");
  return { title: `${t("title")} · ${draft.title}` };
}

/**
 * 审签: where the current round stands (stage by stage), the signer's own part (what changed since
 * the version they last approved or returned, open comments, 同意 / 退回修改), requesting sign-off and the rule (owner),
 * and reopening a final draft (owner or chair).
 */
export default async function SignoffPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { draft, role, status, rule, versions, comments, version, sinceMine } = await load(id);
  const user = await getSessionUser();
  const t = await getTranslations("signoff");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const { round, mine } = status;
  const final = draft.status === "FINAL";
  const finalVersion = versions.find((v) => v.final);
  const latest = versions[0];
  const canRequest = signoffPolicy.request(role, draft.status);
  const canReopen = final && signoffPolicy.reopen(user, role);
  const openThreads = comments?.threads.filter((th) => th.status === "OPEN") ?? [];
  const openWithoutDisposition = openThreads.filter((th) => th.disposition === null).length;
  const mySigner = round && mine.stageIndex !== null ? round.stages[mine.stageIndex]?.signers.find((s) => s.id === user?.id) : undefined;

  return (
    <div className="space-y-5">
      <header className="space-y-1">
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={draftPath(draft.id)} className="text-brand-700 hover:underline">{t("ui.backToDraft", { title: draft.title })}</Link>
          <Link href={draftPath(draft.id, "/versions")} className="text-brand-700 hover:underline">{t("ui.versionsLink")}</Link>
        </p>
        <h1 className="font-serif text-2xl font-semibold">{t("ui.page.title")}</h1>
        <p className="break-words text-sm text-stone-600">{draft.title}</p>
      </header>
      <PageNoticeProvider>
        {final && finalVersion && (
          <section className="card space-y-2 border-brand-600" aria-labelledby="final-heading" data-testid="final-banner">
            <h2 id="final-heading" className="flex flex-wrap items-center gap-2 font-medium">
              <span className="rounded bg-brand-600 px-1.5 py-0.5 text-xs font-medium text-white">{t("ui.finalBadge")}</span>
              {t("ui.page.final", { number: finalVersion.number, label: finalVersion.label })}
            </h2>
            <p className="flex flex-wrap gap-x-4 text-sm">
              <Link href={draftPath(draft.id, `/versions/${finalVersion.id}`)} className="text-brand-700 hover:underline">{t("ui.page.viewVersion")}</Link>
              <Link href={`/verify/${finalVersion.hash}`} className="text-brand-700 hover:underline">{t("ui.view.verifyLink")}</Link>
            </p>
            {canReopen && <ReopenButton draftId={draft.id} />}
          </section>
        )}

        {/* The signer's own part first: on a phone it is what they came for. */}
        {round && mine.stageIndex !== null && round.status === "OPEN" && (
          <section className="card space-y-3" aria-labelledby="mine-heading" data-testid="my-signoff">
            <h2 id="mine-heading" className="text-lg font-semibold">{t("ui.mine.title")}</h2>
            <p className="break-words text-sm text-stone-700">
              {t("ui.mine.version", { number: round.versionNumber, label: round.versionLabel, hash: hashPrefix(round.versionHash) })}
            </p>
            {mine.lastSignedVersion ? (
              mine.changedSinceMySignature.length > 0 ? (
                <div className="space-y-2" data-testid="changed-since-mine">
                  <h3 className="font-medium">{t("ui.mine.changedSince", { number: mine.lastSignedVersion.number, decision: mine.lastSignedVersion.decision })}</h3>
                  <ul className="space-y-1 text-sm" data-testid="changed-sections">
                    {mine.changedSinceMySignature.map((s) => (
                      <li key={s.sid} data-sid={s.sid}>
                        <span className="break-words">{s.sid === "_preamble" ? t("words.preamble") : `${s.label}${s.title}`}</span>
                        {" — "}
                        <span className="font-medium">{t(`words.${s.status}`)}</span>
                      </li>
                    ))}
                  </ul>
                  {sinceMine && (
                    <details className="text-sm">
                      <summary className="cursor-pointer text-brand-700">{t("ui.mine.compareSince", { number: mine.lastSignedVersion.number })}</summary>
                      <div className="mt-2 space-y-2">
                        <DiffLegend />
                        <DiffView sections={sinceMine.sections} showUnchanged={false} />
                      </div>
                    </details>
                  )}
                </div>
              ) : (
                <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="changed-since-mine">
                  {t("ui.mine.noChangeSince", { number: mine.lastSignedVersion.number, decision: mine.lastSignedVersion.decision })}
                </p>
              )
            ) : (
              <p className="text-sm text-stone-700">{t("ui.mine.firstTime")}</p>
            )}
            {version && (
              <details className="text-sm">
                <summary className="cursor-pointer text-brand-700">{t("ui.mine.readFull", { number: round.versionNumber })}</summary>
                <div className="mt-2">
                  <VersionContent doc={version.version.content} label={t("ui.view.content", { number: round.versionNumber })} empty={t("ui.view.empty")} />
                </div>
              </details>
            )}
            <p className="text-sm" data-testid="open-threads">
              {t("ui.mine.openThreads", { count: openThreads.length })}{" "}
              {openThreads.length > 0 && <Link href={draftPath(draft.id)} className="text-brand-700 underline">{t("ui.mine.openThreadsLink")}</Link>}
            </p>
            {mine.canSign ? (
              <SignActions
                target={{ draftId: draft.id, roundId: round.id, versionId: round.versionId, versionNumber: round.versionNumber, hash: round.versionHash }}
              />
            ) : mine.decision && mySigner?.at ? (
              <p className="text-sm text-stone-700">
                {t("ui.mine.decided", { decision: t(mine.decision === "APPROVE" ? "words.approve" : "words.return"), at: when(mySigner.at) })}
              </p>
            ) : !mine.decision ? (
              <p className="text-sm text-stone-700">{t("ui.mine.waitTurn", { n: mine.stageIndex + 1 })}</p>
            ) : null}
          </section>
        )}

        <section className="card space-y-3" aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="text-lg font-semibold">{t("ui.page.progress")}</h2>
          {!round ? (
            <p className="text-sm text-stone-600">{t("ui.page.noRound")}</p>
          ) : (
            <>
              <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm" data-testid="round-summary">
                <span className="font-medium">{t("ui.page.round", { number: round.versionNumber, label: round.versionLabel })}</span>
                <span data-testid="round-status">{t(`words.roundStatus.${round.status}`)}</span>
                <span className="text-stone-600">{t("ui.page.requestedAt", { at: when(round.requestedAt) })}</span>
                {round.completedAt && <span className="text-stone-600">{t("ui.page.completedAt", { at: when(round.completedAt) })}</span>}
                <span className="font-mono text-xs text-stone-600" title={round.versionHash}>{t("ui.hashPrefix", { hash: hashPrefix(round.versionHash) })}</span>
                <Link href={draftPath(draft.id, `/versions/${round.versionId}`)} className="text-brand-700 underline">{t("ui.page.viewVersion")}</Link>
              </p>
              <ol className="space-y-3" data-testid="round-stages">
                {round.stages.map((s, i) => {
                  const state = s.met ? "met" : s.open ? "open" : round.status === "OPEN" ? "waiting" : "notReached";
                  return (
                    <li key={i} className="rounded-md border border-stone-200 p-3" data-stage={i + 1} data-state={state}>
                      <h3 className="flex flex-wrap items-baseline gap-x-2 text-sm">
                        <span className="font-medium">{t("ui.page.stageName", { n: i + 1, name: s.name })}</span>
                        <span className="text-stone-600">
                          {s.threshold === "ALL" ? t("words.thresholdAll") : t("words.thresholdK", { k: s.threshold.k, n: s.signers.length })}
                        </span>
                        <span className={state === "met" ? "text-emerald-800" : state === "open" ? "text-amber-800" : "text-stone-600"}>
                          {t(`ui.page.stage${state === "met" ? "Met" : state === "open" ? "Open" : state === "waiting" ? "Waiting" : "NotReached"}`)}
                        </span>
                      </h3>
                      <ul className="mt-2 space-y-1 text-sm">
                        {s.signers.map((p) => (
                          <li key={p.id} data-signer={p.name} className="break-words">
                            <span className="font-medium">{p.name}</span>
                            {"："}
                            {p.decision && p.at ? (
                              <span className={p.decision === "APPROVE" ? "text-emerald-800" : "text-red-800"}>
                                {t("ui.page.signedAt", { decision: t(p.decision === "APPROVE" ? "words.approve" : "words.return"), at: when(p.at) })}
                              </span>
                            ) : (
                              <span className="text-stone-500">{t("ui.page.notSigned")}</span>
                            )}
                            {p.comment && <span className="mt-0.5 block whitespace-pre-wrap text-stone-700">“{p.comment}”</span>}
                          </li>
                        ))}
                      </ul>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
        </section>

        {canRequest && (
          <section className="card space-y-3" aria-labelledby="request-heading">
            <h2 id="request-heading" className="text-lg font-semibold">{t("ui.request.title")}</h2>
            {!latest ? (
              <p className="text-sm text-stone-700">
                {t("ui.request.noVersion")}{" "}
                <Link href={draftPath(draft.id, "/versions")} className="text-brand-700 underline">{t("ui.request.goFreeze")}</Link>
              </p>
            ) : latest.round?.status === "OPEN" ? (
              <p className="text-sm text-stone-700">{t("ui.request.inProgress", { number: latest.number })}</p>
            ) : latest.round ? (
              <p className="text-sm text-stone-700">
                {t("ui.request.hadRound", { number: latest.number, status: t(`words.roundStatus.${latest.round.status}`) })}{" "}
                <Link href={draftPath(draft.id, "/versions")} className="text-brand-700 underline">{t("ui.request.goFreeze")}</Link>
              </p>
            ) : (
              <>
                <p className="text-sm text-stone-700">{t("ui.request.latest", { number: latest.number, label: latest.label })}</p>
                <p className="text-sm text-stone-700" data-testid="request-open-threads">{t("ui.request.openThreads", { count: openWithoutDisposition })}</p>
                <RequestButton key={rule.gate} draftId={draft.id} versionId={latest.id} versionNumber={latest.number} gate={rule.gate} />
              </>
            )}
          </section>
        )}

        <section className="card space-y-3" aria-labelledby="rule-heading">
          <h2 id="rule-heading" className="text-lg font-semibold">{t("ui.rule.title")}</h2>
          {!rule.editable && canRequest && round?.status === "OPEN" && <p className="text-sm text-stone-600">{t("ui.rule.locked")}</p>}
          <RuleEditor draftId={draft.id} rule={rule} />
        </section>
      </PageNoticeProvider>
    </div>
  );
}
