/**
 * Go's `time.Parse(time.RFC3339, value)` as Gitea's API calls it, with Go's
 * exact error texts (time/format.go parse, ParseError.Error): on failure the
 * remaining value and the layout element it failed on, e.g.
 * `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`,
 * or a range/extra-text message (`: month out of range`, `: extra text: "…"`).
 * Go first tries a strict RFC 3339 fast path, then this general parser, so
 * what this accepts (one-digit hours, fractional seconds) is what Gitea accepts.
 */
const LAYOUT = '2006-01-02T15:04:05Z07:00';

/** time/format.go quote: double-quoted, `"` and `\` escaped. */
function goQuote(s: string): string {
  return `"${s.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

class GoParseError extends Error {}

function cannotParse(value: string, rest: string, elem: string): GoParseError {
  return new GoParseError(
    `parsing time ${goQuote(value)} as ${goQuote(LAYOUT)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`,
  );
}

const isDigit = (s: string, i: number) => i < s.length && s[i] !== undefined && /[0-9]/.test(s[i] as string);

/** Parses `value`; returns the UTC instant, or Go's error text. */
export function parseGoRfc3339(value: string): Date | { error: string } {
  try {
    return parse(value);
  } catch (err) {
    if (err instanceof GoParseError) return { error: err.message };
    throw err;
  }
}

function parse(value: string): Date {
  let rest = value;
  const skip = (prefix: string) => {
    if (!rest.startsWith(prefix)) throw cannotParse(value, rest, prefix);
    rest = rest.slice(prefix.length);
  };
  // getnum: one or two digits; `fixed` requires two.
  const num = (elem: string, fixed: boolean): number => {
    if (!isDigit(rest, 0)) throw cannotParse(value, rest, elem);
    if (!isDigit(rest, 1)) {
      if (fixed) throw cannotParse(value, rest, elem);
      const n = Number(rest[0]);
      rest = rest.slice(1);
      return n;
    }
    const n = Number(rest.slice(0, 2));
    rest = rest.slice(2);
    return n;
  };
  // A value out of range stops the parse at once: `parsing time "…": month out of range`.
  const inRange = (ok: boolean, what: string) => {
    if (!ok) throw new GoParseError(`parsing time ${goQuote(value)}: ${what} out of range`);
  };
  // 2006: four characters, the first a digit; atoi fails on the rest after they are consumed.
  if (rest.length < 4 || !isDigit(rest, 0)) throw cannotParse(value, rest, '2006');
  const yearText = rest.slice(0, 4);
  rest = rest.slice(4);
  if (!/^[0-9]{4}$/.test(yearText)) throw cannotParse(value, rest, '2006');
  const year = Number(yearText);
  skip('-');
  const month = num('01', true);
  inRange(month >= 1 && month <= 12, 'month');
  skip('-');
  const day = num('02', true);
  skip('T');
  const hour = num('15', false);
  inRange(hour < 24, 'hour');
  skip(':');
  const minute = num('04', true);
  inRange(minute < 60, 'minute');
  skip(':');
  const second = num('05', true);
  inRange(second < 60, 'second');
  // A fractional second the layout does not name is still read.
  let millis = 0;
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    const m = /^[.,]([0-9]+)/.exec(rest) as RegExpExecArray;
    millis = Math.floor(Number(`0.${m[1]}`) * 1000);
    rest = rest.slice(m[0].length);
  }
  // Z07:00
  let offsetMinutes = 0;
  if (rest.startsWith('Z')) rest = rest.slice(1);
  else {
    if (rest.length < 6 || rest[3] !== ':') throw cannotParse(value, rest, 'Z07:00');
    const sign = rest[0];
    const hh = rest.slice(1, 3);
    const mm = rest.slice(4, 6);
    if ((sign !== '+' && sign !== '-') || !/^[0-9]{2}$/.test(hh) || !/^[0-9]{2}$/.test(mm))
      throw cannotParse(value, rest, 'Z07:00');
    if (Number(hh) > 24) throw new GoParseError(`parsing time ${goQuote(value)}: time zone offset hour out of range`);
    if (Number(mm) > 60) throw new GoParseError(`parsing time ${goQuote(value)}: time zone offset minute out of range`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
    rest = rest.slice(6);
  }
  if (rest.length > 0) throw new GoParseError(`parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw new GoParseError(`parsing time ${goQuote(value)}: day out of range`);
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are (as Go does).
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millis);
  return new Date(d.getTime() - offsetMinutes * 60_000);
}
