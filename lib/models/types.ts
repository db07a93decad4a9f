/** One customer utterance with its gold intent label. */
export type LabelledMessage = { text: string; intent: string };
