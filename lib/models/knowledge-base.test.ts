import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { groupForIntent, INTENT_GROUP_BOOST, listArticles, retrieveArticle } from "./knowledge-base";

const intents: string[] = JSON.parse(
  readFileSync(path.join(process.cwd(), "data", "banking77", "categories.json"), "utf8"),
);

describe("knowledge base", () => {
  it("puts every Banking77 intent in exactly one group, and nothing else", () => {
    const memberships = listArticles().flatMap((a) => a.intents.map((intent) => ({ intent, group: a.group })));
    for (const intent of intents) {
      expect(memberships.filter((m) => m.intent === intent), intent).toHaveLength(1);
    }
    expect(memberships).toHaveLength(intents.length);
  });

  it("has one short article per group", () => {
    const articles = listArticles();
    expect(new Set(articles.map((a) => a.group)).size).toBe(articles.length);
    expect(articles.length).toBeGreaterThanOrEqual(12);
    expect(articles.length).toBeLessThanOrEqual(16);
    for (const article of articles) {
      const sentences = article.body.split(/(?<=[.!?])\s+/).length;
      expect(sentences, article.id).toBeGreaterThanOrEqual(2);
      expect(sentences, article.id).toBeLessThanOrEqual(4);
    }
  });

  it.each([
    ["I am still waiting on my card?", "card_arrival", "card-delivery"],
    ["My card was stolen yesterday, what do I do?", "lost_or_stolen_card", "lost-stolen"],
    ["Why was I charged a fee for topping up by card?", "top_up_by_card_charge", "fees"],
    ["How long does a transfer to another country take?", "transfer_timing", "transfers"],
    ["The ATM ate my card", "card_swallowed", "cash-atm"],
    ["I forgot my passcode", "passcode_forgotten", "pin-passcode"],
  ])("retrieves the right group for %j", (message, intent, group) => {
    const article = retrieveArticle({ intent, message });
    expect(article.group).toBe(group);
    expect(article.score).toBeGreaterThan(INTENT_GROUP_BOOST);
    expect(groupForIntent(intent)).toBe(group);
  });

  it("ranks by the message alone when the intent is unknown", () => {
    expect(retrieveArticle({ intent: "unknown", message: "my card was stolen" }).group).toBe("lost-stolen");
    expect(retrieveArticle({ intent: "unknown", message: "what is the exchange rate for euros" }).group).toBe(
      "exchange",
    );
    const nothing = retrieveArticle({ intent: "unknown", message: "" });
    expect(nothing.score).toBe(0);
    expect(nothing.id).toBe(listArticles()[0]?.id);
  });

  it("gives a real lexical score on top of the intent boost", () => {
    const relevant = retrieveArticle({ intent: "card_arrival", message: "when will my card be delivered" });
    const irrelevant = retrieveArticle({ intent: "card_arrival", message: "hmm" });
    expect(relevant.id).toBe(irrelevant.id);
    expect(relevant.score).toBeGreaterThan(irrelevant.score);
    expect(irrelevant.score).toBe(INTENT_GROUP_BOOST);
  });
});
