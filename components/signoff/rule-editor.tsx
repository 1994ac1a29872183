"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { RULE_LIMITS, type Gate, type Stage } from "@/lib/versions/rule";
import { ZSetRule } from "@/lib/schemas/signoff";
import { useAppErrors } from "@/components/ui/app-errors";
import { usePageNotice } from "./page-notice";

interface Person {
  id: string;
  name: string;
  title?: string;
}

export interface RuleView {
  stages: Stage[];
  gate: Gate;
  isDefault: boolean;
  editable: boolean;
  signers: Person[];
}

/** The rule as text: 第1步 name · threshold · signers. Shared by the view and the editor's preview. */
export function RuleSummary({ rule, names }: { rule: { stages: Stage[]; gate: Gate }; names: ReadonlyMap<string, string> }) {
  const t = useTranslations("signoff");
  return (
    <div className="space-y-2 text-sm">
      <ol className="space-y-1">
        {rule.stages.map((s, i) => (
          <li key={i} data-stage={i + 1}>
            <span className="font-medium">{t("ui.page.stageName", { n: i + 1, name: s.name })}</span>
            <span className="text-stone-600">
              {" · "}
              {s.threshold === "ALL" ? t("words.thresholdAll") : t("words.thresholdK", { k: s.threshold.k, n: s.signerIds.length })}
              {" · "}
            </span>
            <span className="break-words">{s.signerIds.map((id) => names.get(id) ?? "?").join("、") || t("ui.rule.noSigners")}</span>
          </li>
        ))}
      </ol>
      <p className="text-stone-600">
        {t("ui.rule.gate")}：{t(rule.gate === "BLOCK" ? "ui.rule.gateBlock" : "ui.rule.gateWarn")}
      </p>
    </div>
  );
}

/**
 * The rule and, for the owner before a round is open, its editor: steps (name, signers,
 * 全部同意 or k 人中 n 人), their order, and the gate (阻止 / 提醒). The server checks it all again
 * (ruleProblems, signers who can read the draft) and its message is shown as is.
 */
export function RuleEditor({ draftId, rule }: { draftId: string; rule: RuleView }) {
  const t = useTranslations("signoff.ui");
  const [editing, setEditing] = useState(false);
  const { announce } = usePageNotice();
  const names = useMemo(() => new Map(rule.signers.map((p) => [p.id, p.name])), [rule.signers]);
  return (
    <div className="space-y-3">
      {editing ? (
        <RuleForm
          draftId={draftId}
          rule={rule}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            announce(t("rule.saved"));
          }}
        />
      ) : (
        <>
          <RuleSummary rule={rule} names={names} />
          {rule.isDefault && <p className="text-xs text-stone-500">{t("rule.default")}</p>}
          {rule.editable && (
            <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>{t("rule.edit")}</button>
          )}
        </>
      )}
    </div>
  );
}

function RuleForm({ draftId, rule, onCancel, onSaved }: { draftId: string; rule: RuleView; onCancel: () => void; onSaved: () => void }) {
  const t = useTranslations("signoff");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const appErrors = useAppErrors();
  const gateName = useId();
  const candidates = useQuery(trpc.drafts.members.candidates.queryOptions({ draftId }));
  const [stages, setStages] = useState<Stage[]>(() => rule.stages.map((s) => ({ ...s, signerIds: [...s.signerIds] })));
  const [gate, setGate] = useState<Gate>(rule.gate);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const people = useMemo(() => {
    const m = new Map<string, Person>(rule.signers.map((p) => [p.id, p]));
    for (const p of candidates.data ?? []) m.set(p.id, p);
    return m;
  }, [rule.signers, candidates.data]);
  const chosen = new Set(stages.flatMap((s) => s.signerIds));
  const available = [...people.values()].filter((p) => !chosen.has(p.id));

  const update = (i: number, change: (s: Stage) => Stage) => setStages((all) => all.map((s, j) => (j === i ? change(s) : s)));
  const move = (i: number, d: -1 | 1) =>
    setStages((all) => {
      const next = [...all];
      [next[i], next[i + d]] = [next[i + d]!, next[i]!];
      return next;
    });

  async function save() {
    const parsed = ZSetRule.safeParse({ draftId, stages, gate });
    if (!parsed.success) {
      const f = appErrors.fromZod(parsed.error);
      return setError(f.form ?? Object.values(f.fields)[0] ?? null);
    }
    setPending(true);
    setError(null);
    try {
      await client.signoff.setRule.mutate(parsed.data);
      router.refresh();
      onSaved();
    } catch (e) {
      setError(appErrors.message(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="space-y-4"
      aria-label={t("ui.rule.title")}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      {stages.map((s, i) => (
        <StageFields
          key={i}
          index={i}
          count={stages.length}
          stage={s}
          people={people}
          available={available}
          onChange={(change) => update(i, change)}
          onMove={(d) => move(i, d)}
          onRemove={() => setStages((all) => all.filter((_, j) => j !== i))}
        />
      ))}
      {stages.length < RULE_LIMITS.maxStages && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => setStages((all) => [...all, { name: "", signerIds: [], threshold: "ALL" }])}
        >
          {t("ui.rule.addStage")}
        </button>
      )}
      <fieldset className="space-y-1">
        <legend className="label">{t("ui.rule.gate")}</legend>
        {(["BLOCK", "WARN"] as const).map((g) => (
          <label key={g} className="flex items-center gap-2 text-sm">
            <input type="radio" name={gateName} value={g} checked={gate === g} onChange={() => setGate(g)} />
            {t(g === "BLOCK" ? "ui.rule.gateBlock" : "ui.rule.gateWarn")}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={pending}>{t("ui.rule.save")}</button>
        <button type="button" className="btn-secondary" onClick={onCancel}>{t("ui.cancel")}</button>
      </div>
    </form>
  );
}

function StageFields({
  index, count, stage, people, available, onChange, onMove, onRemove,
}: {
  index: number;
  count: number;
  stage: Stage;
  people: ReadonlyMap<string, Person>;
  available: Person[];
  onChange: (change: (s: Stage) => Stage) => void;
  onMove: (d: -1 | 1) => void;
  onRemove: () => void;
}) {
  const t = useTranslations("signoff");
  const id = useId();
  const [pick, setPick] = useState("");
  const n = index + 1;
  const k = stage.threshold === "ALL" ? null : stage.threshold.k;
  const pickValue = available.some((p) => p.id === pick) ? pick : (available[0]?.id ?? "");
  return (
    <fieldset className="space-y-3 rounded-md border border-stone-200 p-3" data-stage={n}>
      <legend className="px-1 text-sm font-medium">{t("words.stage", { n })}</legend>
      <div>
        <label htmlFor={`${id}-name`} className="label">{t("ui.rule.stageName")}</label>
        <input
          id={`${id}-name`}
          className="input"
          value={stage.name}
          maxLength={RULE_LIMITS.maxStageName}
          onChange={(e) => onChange((s) => ({ ...s, name: e.target.value }))}
        />
      </div>
      <div>
        <p className="label" id={`${id}-signers`}>{t("ui.rule.signers")}</p>
        {stage.signerIds.length === 0 ? (
          <p className="text-sm text-stone-500">{t("ui.rule.noSigners")}</p>
        ) : (
          <ul aria-labelledby={`${id}-signers`} className="flex flex-wrap gap-2">
            {stage.signerIds.map((sid) => {
              const name = people.get(sid)?.name ?? "?";
              return (
                <li key={sid} className="inline-flex items-center gap-1 rounded-full bg-stone-100 py-0.5 pl-3 pr-1 text-sm">
                  {name}
                  <button
                    type="button"
                    className="rounded-full px-2 text-stone-600 hover:bg-stone-200"
                    aria-label={t("ui.rule.removeSigner", { name })}
                    onClick={() => onChange((s) => ({ ...s, signerIds: s.signerIds.filter((x) => x !== sid) }))}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {available.length > 0 && (
          <div className="mt-2 flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1 basis-40">
              <label htmlFor={`${id}-pick`} className="label">{t("ui.rule.addSigner")}</label>
              <select id={`${id}-pick`} className="input" value={pickValue} onChange={(e) => setPick(e.target.value)}>
                {available.map((p) => (
                  <option key={p.id} value={p.id}>{p.name}{p.title ? `（${p.title}）` : ""}</option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="btn-secondary"
              disabled={!pickValue}
              onClick={() => pickValue && onChange((s) => ({ ...s, signerIds: [...s.signerIds, pickValue] }))}
            >
              {t("ui.rule.add")}
            </button>
          </div>
        )}
      </div>
      <fieldset className="space-y-1">
        <legend className="label">{t("ui.rule.threshold")}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name={`${id}-threshold`} checked={k === null} onChange={() => onChange((s) => ({ ...s, threshold: "ALL" }))} />
          {t("ui.rule.thresholdAll")}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={`${id}-threshold`}
            checked={k !== null}
            onChange={() => onChange((s) => ({ ...s, threshold: { k: 1 } }))}
          />
          {t("ui.rule.thresholdK")}
        </label>
        {k !== null && (
          <div className="flex flex-wrap items-center gap-2 pl-6 text-sm">
            <label htmlFor={`${id}-k`}>{t("ui.rule.k")}</label>
            <input
              id={`${id}-k`}
              type="number"
              inputMode="numeric"
              min={1}
              max={Math.max(1, stage.signerIds.length)}
              className="input w-20"
              value={k}
              onChange={(e) => onChange((s) => ({ ...s, threshold: { k: Math.max(1, Math.floor(Number(e.target.value) || 1)) } }))}
            />
            <span className="text-stone-600">{t("words.thresholdK", { k, n: stage.signerIds.length })}</span>
          </div>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary px-2 py-1" disabled={index === 0} onClick={() => onMove(-1)}>{t("ui.rule.moveUp", { n })}</button>
        <button type="button" className="btn-secondary px-2 py-1" disabled={index === count - 1} onClick={() => onMove(1)}>{t("ui.rule.moveDown", { n })}</button>
        <button type="button" className="btn-danger px-2 py-1" disabled={count === 1} onClick={onRemove}>{t("ui.rule.removeStage", { n })}</button>
      </div>
    </fieldset>
  );
}
