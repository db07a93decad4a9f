import { z } from "zod";
import { branchOn, branchOnScore, defineWorkflow, exponentialBackoff, gate, modelCall, noRetry, parallel, task } from "../engine/define-workflow";
import type { GateOutput, StepContext } from "../engine/types";
import { checkImageMetadata, nsfwFromUrl, textFromUrl } from "../providers/builtin/image-url-analysis";
import { findProfanity } from "../providers/builtin/profanity";

// The article's content-moderation example:
//   keyword filter (fast, on_fail → block)
//   → [image attached: parallel NSFW detector, text extraction, metadata check → joined verdict]
//   → AI moderator score: > 0.95 auto-block, > 0.7 human review, otherwise a second-opinion model:
//     > 0.9 auto-block, > 0.5 human review, otherwise allow.
// The article never says what happens to content both models find clean; here it is allowed (its
// own figures: 95 % handled automatically), and the band between 0.5 and 0.9 goes to a human.
//
// With no API key, built-in stand-ins run, named for what they are (lib/providers/builtin): a
// lexical toxicity scorer for the hosted moderation API, an AFINN-lexicon hostility scorer for
// the second safety model, and URL-only image checks — Baton never downloads the image. Point the
// AI moderator or the second opinion at a real model with BATON_MODEL_CONTENT_MODERATION__AI_MODERATOR
// (or …__SECOND_OPINION), e.g. "openai:gpt-4o-mini", and keep the built-in as failover with
// BATON_FAILOVER_CONTENT_MODERATION__AI_MODERATOR=builtin:lexical-toxicity.

export const MAX_TEXT_LENGTH = 5000;

export const contentModerationInput = z.object({
  text: z.string({ error: "text must be a string" }).trim().min(1, "text must not be empty").max(MAX_TEXT_LENGTH, `text is limited to ${MAX_TEXT_LENGTH} characters`),
  imageUrl: z
    .string()
    .url("imageUrl must be a URL")
    .max(2048)
    .refine((value) => /^https?:\/\//i.test(value), "imageUrl must be http(s)")
    .optional(),
});
export type ContentModerationInput = z.infer<typeof contentModerationInput>;

export type Verdict = "blocked" | "allowed";

export interface ContentModerationOutput {
  verdict: Verdict;
  /** The step that decided: keyword_filter, ai_moderator, second_opinion or human_review. */
  decidedBy: "keyword_filter" | "ai_moderator" | "second_opinion" | "human_review";
  reason: string;
  scores: { keywords: string[]; aiModerator: number | null; secondOpinion: number | null; image: number | null };
  review: { action: "approved" | "edited" | "rejected"; reason: string | null } | null;
}

const moderationScore = z
  .object({
    score: z.number().min(0).max(1),
    categories: z.array(z.string()).default([]),
  })
  .passthrough();
type ModerationScore = z.infer<typeof moderationScore>;

interface ImageVerdict {
  analysed: string[];
  nsfwScore: number | null;
  extractedText: string;
  metadataIssues: string[];
  /** What the image adds to the moderation score. */
  risk: number;
}

type Ctx = StepContext<ContentModerationInput>;

const MODERATOR_INSTRUCTIONS =
  'You are a content moderator. Rate how likely the user text is toxic (insults, threats, harassment, hate, self-harm). Answer with JSON only: {"score": <number from 0 to 1>, "categories": [<short category names>]}.';

// ── Steps ─────────────────────────────────────────────────────────────────────────────────────

const keywordFilter = task<ContentModerationInput, { flagged: boolean; terms: string[] }>({
  kind: "handler",
  id: "keyword_filter",
  description: "Fast keyword filter: the obscenity library's English word list (leet-speak and look-alike letters included)",
  timeoutMs: 500,
  retry: noRetry,
  run: ({ input }) => {
    const terms = [...new Set(findProfanity(input.text).map((m) => m.term))];
    return { output: { flagged: terms.length > 0, terms }, model: "obscenity/english" };
  },
});

const imageAnalysis = parallel<ContentModerationInput>({
  id: "image_analysis",
  description: "Parallel analysis of the attached image URL (stand-ins that read the URL only)",
  join: "image_verdict",
  onChildFailure: "continue",
  steps: [
    task({
      kind: "model",
      id: "nsfw_detector",
      description: "Stand-in NSFW detector: explicit words in the image URL (never downloads the image)",
      timeoutMs: 2_000,
      retry: exponentialBackoff(2, 200),
      run: ({ input }) => {
        const estimate = nsfwFromUrl(input.imageUrl ?? "");
        return { output: estimate, model: estimate.model, confidence: Math.max(estimate.score, 1 - estimate.score) };
      },
    }),
    task({
      kind: "model",
      id: "text_extraction",
      description: "Stand-in for OCR: the words in the image's file name and path",
      timeoutMs: 2_000,
      retry: exponentialBackoff(2, 200),
      run: ({ input }) => {
        const extracted = textFromUrl(input.imageUrl ?? "");
        return { output: extracted, model: extracted.model };
      },
    }),
    task({
      kind: "pipeline",
      id: "metadata_check",
      description: "Rules on the image URL: HTTPS, host, credentials, file type, length",
      timeoutMs: 1_000,
      retry: noRetry,
      run: ({ input }) => {
        const check = checkImageMetadata(input.imageUrl ?? "");
        return { output: check, model: check.model };
      },
    }),
  ],
});

const imageVerdict = task<ContentModerationInput, ImageVerdict>({
  kind: "handler",
  id: "image_verdict",
  description: "Joins the image analysis; a failed analysis is reported, not fatal",
  timeoutMs: 1_000,
  retry: noRetry,
  run: ({ result }) => {
    const children = result(imageAnalysis);
    const ok = <T>(id: string) => (children[id]?.status === "completed" ? (children[id] as { output: T }).output : null);
    const nsfw = ok<{ score: number }>("nsfw_detector");
    const text = ok<{ text: string }>("text_extraction");
    const metadata = ok<{ issues: string[] }>("metadata_check");
    const metadataIssues = metadata ? metadata.issues : ["metadata check failed"];
    // Suspicious metadata alone does not make content toxic; it nudges it towards a human.
    const risk = Math.max(nsfw?.score ?? 0, metadataIssues.length > 0 ? 0.6 : 0);
    return {
      output: {
        analysed: Object.entries(children).filter(([, c]) => c.status === "completed").map(([id]) => id).sort(),
        nsfwScore: nsfw?.score ?? null,
        extractedText: text?.text ?? "",
        metadataIssues,
        risk,
      },
    };
  },
});

const aiModerator = modelCall<ContentModerationInput, ModerationScore>({
  kind: "model",
  id: "ai_moderator",
  description: "AI moderator score. Built-in stand-in for a hosted moderation API: builtin/lexical-toxicity (words, not meaning)",
  model: "builtin:lexical-toxicity",
  timeoutMs: 3_000,
  retry: exponentialBackoff(3, 250),
  onInvalid: "retry",
  prompt: ({ input, results }) => {
    const image = results.image_verdict as ImageVerdict | undefined;
    return {
      system: MODERATOR_INSTRUCTIONS,
      user: image?.extractedText ? `${input.text}\n\n${image.extractedText}` : input.text,
      maxTokens: 200,
      temperature: 0,
    };
  },
  output: moderationScore,
  confidence: (o) => Math.max(o.score, 1 - o.score),
});

const secondOpinion = modelCall<ContentModerationInput, ModerationScore>({
  kind: "model",
  id: "second_opinion",
  description: "Second opinion. Built-in stand-in for a second safety model: builtin/afinn-hostility (AFINN-165 lexicon)",
  model: "builtin:afinn-hostility",
  timeoutMs: 5_000,
  retry: exponentialBackoff(2, 250),
  onInvalid: "retry",
  prompt: ({ input, results }) => {
    const image = results.image_verdict as ImageVerdict | undefined;
    return { system: MODERATOR_INSTRUCTIONS, user: image?.extractedText ? `${input.text}\n\n${image.extractedText}` : input.text, maxTokens: 200, temperature: 0 };
  },
  output: moderationScore,
  confidence: (o) => Math.max(o.score, 1 - o.score),
});

function imageRisk(ctx: Ctx): number {
  return (ctx.results.image_verdict as ImageVerdict | undefined)?.risk ?? 0;
}

function scoresOf(ctx: Ctx): ContentModerationOutput["scores"] {
  const results = ctx.results as Record<string, unknown>;
  return {
    keywords: (results.keyword_filter as { terms: string[] } | undefined)?.terms ?? [],
    aiModerator: (results.ai_moderator as ModerationScore | undefined)?.score ?? null,
    secondOpinion: (results.second_opinion as ModerationScore | undefined)?.score ?? null,
    image: (results.image_verdict as ImageVerdict | undefined)?.risk ?? null,
  };
}

/** The score the last model gave (the second opinion, if it ran), raised by the image's risk. */
function currentScore(ctx: Ctx): { score: number; by: "ai_moderator" | "second_opinion"; categories: string[] } {
  const second = ctx.results.second_opinion as ModerationScore | undefined;
  const first = ctx.results.ai_moderator as ModerationScore;
  const model = second ?? first;
  return { score: Math.max(model.score, imageRisk(ctx)), by: second ? "second_opinion" : "ai_moderator", categories: model.categories };
}

const SENSITIVE_CATEGORIES = new Set(["threat", "self_harm"]);

export function reviewedVerdict(proposed: Verdict, gateOutput: GateOutput): Verdict {
  if (gateOutput.route === "auto") return proposed;
  if (gateOutput.decision.action === "rejected") return proposed === "blocked" ? "allowed" : "blocked";
  const verdict = String(gateOutput.output?.verdict ?? proposed).toLowerCase();
  if (/\b(allow|allowed|approve|publish|keep)\b/.test(verdict)) return "allowed";
  if (/\b(block|blocked|remove|reject)\b/.test(verdict)) return "blocked";
  return proposed;
}

export const contentModeration = defineWorkflow<ContentModerationInput>({
  name: "content-moderation",
  version: 1,
  description:
    "Moderates a text (and an attached image URL): keyword filter, AI moderator score, second opinion, human review between the thresholds. Built-in lexical stand-ins run without API keys.",
  input: contentModerationInput,
  timeoutMs: 30_000,
  errorHandler: "moderation_failed",
  steps: [
    keywordFilter,
    branchOn<ContentModerationInput, { flagged: boolean; terms: string[] }>({
      id: "keyword_route",
      description: "Profanity blocks at once; an attached image is analysed before the AI moderator",
      on: keywordFilter,
      value: (r, ctx) => (r.flagged ? "flagged" : ctx.input.imageUrl ? "with_image" : "text_only"),
      cases: { flagged: "auto_block", with_image: "image_analysis" },
      default: "ai_moderator",
    }),
    imageAnalysis,
    imageVerdict,
    aiModerator,
    branchOnScore<ContentModerationInput, ModerationScore>({
      id: "moderation_route",
      description: "Confidence-based routing on the AI moderator's score (raised by the image's risk)",
      on: aiModerator,
      score: (r, ctx) => Math.max(r.score, imageRisk(ctx)),
      when: [
        { label: "> 0.95: auto-block", test: (s) => s > 0.95, goto: "auto_block" },
        { label: "> 0.7: human review", test: (s) => s > 0.7, goto: "human_review" },
      ],
      default: "second_opinion",
    }),
    secondOpinion,
    branchOnScore<ContentModerationInput, ModerationScore>({
      id: "second_opinion_route",
      description: "The second model's own thresholds",
      on: secondOpinion,
      score: (r, ctx) => Math.max(r.score, imageRisk(ctx)),
      when: [
        { label: "> 0.9: auto-block", test: (s) => s > 0.9, goto: "auto_block" },
        { label: "> 0.5: human review", test: (s) => s > 0.5, goto: "human_review" },
      ],
      default: "allow",
    }),
    task({
      kind: "handler",
      id: "auto_block",
      description: "Blocks the content without a human",
      timeoutMs: 1_000,
      retry: noRetry,
      end: true,
      run: (ctx): { output: ContentModerationOutput } => {
        const keywords = (ctx.results.keyword_filter as { flagged: boolean; terms: string[] }).terms;
        if (keywords.length > 0) {
          return { output: { verdict: "blocked", decidedBy: "keyword_filter", reason: `Profanity: ${keywords.join(", ")}`, scores: scoresOf(ctx), review: null } };
        }
        const { score, by, categories } = currentScore(ctx);
        const what = categories.length > 0 ? ` (${categories.join(", ")})` : "";
        return { output: { verdict: "blocked", decidedBy: by, reason: `Toxicity score ${score.toFixed(2)}${what}`, scores: scoresOf(ctx), review: null } };
      },
    }),
    gate<ContentModerationInput>({
      id: "human_review",
      description: "A moderator confirms or overturns the proposed verdict; threats and self-harm go to senior moderators",
      // Content reaches this gate only when a model was unsure: by default it always waits for a
      // human (auto threshold 1). Higher scores are reviewed at normal priority, the rest at low.
      defaults: { autoThreshold: 1, reviewThreshold: 0.85, normalSlaMinutes: 60, lowSlaMinutes: 240, sensitiveSlaMinutes: 15 },
      editableFields: ["verdict"],
      next: "apply_review",
      evaluate: (ctx) => {
        const { score, by, categories } = currentScore(ctx);
        const verdict: Verdict = score >= 0.5 ? "blocked" : "allowed";
        const sensitive = categories.filter((c) => SENSITIVE_CATEGORIES.has(c));
        const image = ctx.results.image_verdict as ImageVerdict | undefined;
        return {
          confidence: verdict === "blocked" ? score : 1 - score,
          sensitive: sensitive.length > 0,
          sensitiveReasons: sensitive,
          proposal: {
            verdict: verdict === "blocked" ? "block" : "allow",
            reason: `${by === "ai_moderator" ? "AI moderator" : "Second opinion"} scored ${score.toFixed(2)}${categories.length ? ` (${categories.join(", ")})` : ""}. Write "allow" or "block".`,
          },
          context: {
            message: ctx.input.text,
            imageUrl: ctx.input.imageUrl ?? null,
            scores: scoresOf(ctx),
            categories,
            ...(image ? { image: { nsfwScore: image.nsfwScore, extractedText: image.extractedText, metadataIssues: image.metadataIssues } } : {}),
          },
        };
      },
    }),
    task({
      kind: "handler",
      id: "apply_review",
      description: "The moderator's verdict: approved as proposed, edited to allow/block, or rejected (the opposite)",
      timeoutMs: 1_000,
      retry: noRetry,
      end: true,
      run: (ctx): { output: ContentModerationOutput } => {
        const gateOutput = ctx.results.human_review as GateOutput;
        const { score } = currentScore(ctx);
        const proposed: Verdict = score >= 0.5 ? "blocked" : "allowed";
        const verdict = reviewedVerdict(proposed, gateOutput);
        const review = gateOutput.route === "review" ? { action: gateOutput.decision.action, reason: gateOutput.decision.reason } : null;
        return {
          output: {
            verdict,
            decidedBy: "human_review",
            reason: review?.reason ?? (verdict === proposed ? "Moderator confirmed the proposed verdict" : "Moderator overturned the proposed verdict"),
            scores: scoresOf(ctx),
            review,
          },
        };
      },
    }),
    task({
      kind: "handler",
      id: "allow",
      description: "Both models found the content clean",
      timeoutMs: 1_000,
      retry: noRetry,
      end: true,
      run: (ctx): { output: ContentModerationOutput } => ({
        output: { verdict: "allowed", decidedBy: "second_opinion", reason: `Scores below the review thresholds`, scores: scoresOf(ctx), review: null },
      }),
    }),
    task({
      kind: "handler",
      id: "moderation_failed",
      description: "Error handler: logs the failure and escalates; the run fails with this output",
      timeoutMs: 1_000,
      retry: noRetry,
      run: ({ failure, runId }) => ({
        output: { verdict: "escalated", reason: failure?.error ?? "unknown failure", failedStep: failure?.stepId ?? null, runId },
      }),
    }),
  ],
});
