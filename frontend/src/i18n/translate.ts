import type { MessageKey, Messages } from './messages/en';

export type Vars = Record<string, string | number>;

/** Fills `{name}` placeholders with values, as plain text. */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function translator(messages: Messages) {
  return (key: MessageKey, vars?: Vars): string => interpolate(messages[key], vars);
}

export type Translate = ReturnType<typeof translator>;
