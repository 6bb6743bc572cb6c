import { COMMON_PASSWORDS } from "./common-passwords";
import { messageWithParams } from "./validationMessages";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** Why a new password is not acceptable (an i18n key), or null when it is. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "validation.passwordTooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return messageWithParams("validation.tooLong", { max: MAX_PASSWORD_LENGTH });
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[\d!.?_-]+$/, ""))) return "validation.passwordCommon";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "validation.passwordPersonal";
  if (/^(.)\1+$/.test(password)) return "validation.passwordCommon";
  return null;
}
