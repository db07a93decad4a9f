// Built-in models of the customer-support workflow: pure library code, no framework imports.
export type { LabelledMessage } from "./types";
export { loadBanking77, type Banking77 } from "./banking77";
export {
  IntentClassifier,
  trainIntentClassifier,
  getBuiltInIntentClassifier,
  evaluateClassifier,
  type IntentPrediction,
  type IntentTrainingOptions,
} from "./intent-classifier";
export {
  retrieveArticle,
  listArticles,
  groupForIntent,
  INTENT_GROUP_BOOST,
  type KnowledgeArticle,
  type RetrievedArticle,
} from "./knowledge-base";
export { composeReply, type ComposeReplyInput } from "./compose-reply";
export { assessSensitivity, SENSITIVE_INTENTS, type SensitivityAssessment } from "./sensitivity";
