import { describe, expect, it } from "vitest";
import { assessSensitivity } from "./sensitivity";

describe("assessSensitivity", () => {
  it.each([
    ["compromised_card", "I think my card details were leaked", 'intent: compromised_card'],
    ["lost_or_stolen_phone", "I lost my phone", "intent: lost_or_stolen_phone"],
    ["direct_debit_payment_not_recognised", "What is this direct debit?", "intent: direct_debit_payment_not_recognised"],
    ["card_arrival", "This looks like fraud to me", 'keyword: "fraud"'],
    ["request_refund", "I was scammed by an online shop", 'keyword: "scammed"'],
    ["card_not_working", "My account was HACKED", 'keyword: "hacked"'],
    ["card_payment_fee_charged", "There is an unauthorized charge", 'keyword: "unauthorized"'],
    ["card_payment_fee_charged", "There is an unauthorised charge", 'keyword: "unauthorised"'],
    ["atm_support", "Someone else is using my card", 'keyword: "someone else is using my card"'],
    ["extra_charge_on_statement", "I didn’t make this payment", `keyword: "i didn't make this payment"`],
    ["card_arrival", "My card was stolen from the post box", 'keyword: "stolen"'],
  ])("flags %s / %j", (intent, message, reason) => {
    const result = assessSensitivity({ intent, message });
    expect(result.sensitive).toBe(true);
    expect(result.reasons).toContain(reason);
  });

  it("combines intent and keyword reasons without duplicates", () => {
    const result = assessSensitivity({ intent: "lost_or_stolen_card", message: "Stolen! My card was stolen" });
    expect(result.reasons).toEqual(["intent: lost_or_stolen_card", 'keyword: "stolen"']);
  });

  it.each([
    ["card_arrival", "When will my card arrive?"],
    ["exchange_rate", "What exchange rate do you use?"],
    ["top_up_failed", "My top-up failed, can you help?"],
    ["card_linking", "How do I link my card to the app?"],
    ["request_refund", "The shop promised a refund last week"],
    ["verify_my_identity", "Why do you need my passport?"],
    ["card_arrival", ""],
  ])("does not flag %s / %j", (intent, message) => {
    expect(assessSensitivity({ intent, message })).toEqual({ sensitive: false, reasons: [] });
  });

  it("matches whole words only", () => {
    expect(assessSensitivity({ intent: "card_arrival", message: "the shackle and the scampi" }).sensitive).toBe(false);
  });
});
