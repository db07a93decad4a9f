import { z } from "zod";
import { defineWorkflow, exponentialBackoff, fixedRetry } from "../engine/define-workflow";
import type { GateOutput } from "../engine/types";
import { composeReply } from "../models/compose-reply";
import { getBuiltInIntentClassifier, type IntentPrediction } from "../models/intent-classifier";
import { retrieveArticle, type RetrievedArticle } from "../models/knowledge-base";
import { assessSensitivity } from "../models/sensitivity";

// The article's first example: intent classification → knowledge retrieval → response composition
// → human-in-the-loop gate → delivery. With no API key configured, the built-in models run.

export const MAX_MESSAGE_LENGTH = 2000;

export const customerSupportInput = z.object({
  message: z
    .string({ error: "message must be a string" })
    .trim()
    .min(1, "message must not be empty")
    .max(MAX_MESSAGE_LENGTH, `message is limited to ${MAX_MESSAGE_LENGTH} characters`),
  customerId: z.string().max(200).optional(),
});
export type CustomerSupportInput = z.infer<typeof customerSupportInput>;

export interface CustomerSupportOutput {
  intent: string;
  confidence: number;
  /** The reply that goes to the customer: the model's, a reviewer's edit, or the hand-off message. */
  reply: string;
  route: "auto" | "review";
  decision: { action: "approved" | "edited" | "rejected"; reason: string | null } | null;
  handedOff: boolean;
}

export const HANDOFF_REPLY =
  "Thank you for your message. A member of our support team will pick this up personally and get back to you shortly.";

export const customerSupport = defineWorkflow<CustomerSupportInput>({
  name: "customer-support",
  version: 1,
  description: "Classifies a customer's message, drafts a reply from the knowledge base, and asks a human when unsure.",
  input: customerSupportInput,
  steps: [
    {
      kind: "model",
      id: "intent_classification",
      description: "Built-in Banking77 intent classifier (TF-IDF + softmax regression)",
      timeoutMs: 5_000,
      retry: exponentialBackoff(3),
      run: ({ input }) => {
        const prediction = getBuiltInIntentClassifier().predict(input.message);
        return { output: prediction, model: "builtin/banking77-intent", confidence: prediction.confidence };
      },
    },
    {
      kind: "pipeline",
      id: "knowledge_retrieval",
      description: "Lexical retrieval over the shipped knowledge base",
      timeoutMs: 10_000,
      retry: fixedRetry(2),
      run: ({ input, results }) => {
        const prediction = results.intent_classification as IntentPrediction;
        return { output: retrieveArticle({ intent: prediction.intent, message: input.message }), model: "builtin/kb-retrieval" };
      },
    },
    {
      kind: "model",
      id: "response_generation",
      description: "Composes a reply from the retrieved article",
      timeoutMs: 8_000,
      retry: exponentialBackoff(3),
      run: ({ input, results }) => {
        const prediction = results.intent_classification as IntentPrediction;
        const article = results.knowledge_retrieval as RetrievedArticle;
        const reply = composeReply({ message: input.message, intent: prediction.intent, article });
        return { output: { reply }, model: "builtin/kb-composer" };
      },
    },
    {
      kind: "gate",
      id: "review_gate",
      description: "Human-in-the-loop gate on the intent's confidence; sensitive messages go to senior reviewers",
      defaults: { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 },
      editableFields: ["reply"],
      evaluate: ({ input, results }) => {
        const prediction = results.intent_classification as IntentPrediction;
        const article = results.knowledge_retrieval as RetrievedArticle;
        const { reply } = results.response_generation as { reply: string };
        const sensitivity = assessSensitivity({ message: input.message, intent: prediction.intent });
        return {
          confidence: prediction.confidence,
          sensitive: sensitivity.sensitive,
          sensitiveReasons: sensitivity.reasons,
          proposal: { intent: prediction.intent, reply },
          context: {
            message: input.message,
            alternatives: prediction.alternatives,
            article: { id: article.id, title: article.title, group: article.group, score: article.score },
          },
        };
      },
    },
    {
      kind: "handler",
      id: "deliver",
      description: "Produces the run's output; a rejected reply becomes a hand-off to a person",
      timeoutMs: 2_000,
      retry: fixedRetry(3, 200),
      run: ({ results }) => {
        const prediction = results.intent_classification as IntentPrediction;
        const gate = results.review_gate as GateOutput;
        const approved = gate.output as { intent?: string; reply?: string } | null;
        const output: CustomerSupportOutput = {
          intent: approved?.intent ?? prediction.intent,
          confidence: prediction.confidence,
          reply: approved?.reply ?? HANDOFF_REPLY,
          route: gate.route,
          decision: gate.route === "review" ? { action: gate.decision.action, reason: gate.decision.reason } : null,
          handedOff: approved === null,
        };
        return { output };
      },
    },
  ],
});
