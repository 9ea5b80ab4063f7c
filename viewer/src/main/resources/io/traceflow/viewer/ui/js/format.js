// Numbers and times for people. Unknown values are shown as an em dash, never as 0.

export const DASH = '—';

export function ms(value) {
  if (value === null || value === undefined) return DASH;
  if (value < 1) return value.toFixed(2) + ' ms';
  if (value < 1000) return Math.round(value) + ' ms';
  if (value < 60000) return (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
  const m = Math.floor(value / 60000);
  return m + ' min ' + Math.round((value % 60000) / 1000) + ' s';
}

export function count(value) {
  if (value === null || value === undefined) return DASH;
  return Number(value).toLocaleString('en-US');
}

export function cost(usd) {
  if (usd === null || usd === undefined) return DASH;
  if (usd === 0) return '$0';
  if (usd < 0.000001) return '<$0.000001';
  if (usd < 0.01) return '$' + Number(usd.toPrecision(2)).toFixed(Math.min(8, 1 - Math.floor(Math.log10(usd))));
  if (usd < 1) return '$' + usd.toFixed(4);
  return '$' + usd.toFixed(2);
}

export function pct(rate) {
  if (rate === null || rate === undefined) return DASH;
  return (rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0) + '%';
}

export function time(epochMs) {
  if (epochMs === null || epochMs === undefined) return DASH;
  const d = new Date(epochMs);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  const hms = d.toLocaleTimeString('en-GB', {hour12: false});
  return sameDay ? hms : d.toLocaleDateString('en-CA') + ' ' + hms;
}

export function fullTime(epochMs) {
  if (epochMs === null || epochMs === undefined) return DASH;
  const d = new Date(epochMs);
  return d.toLocaleDateString('en-CA') + ' ' + d.toLocaleTimeString('en-GB', {hour12: false}) + '.'
      + String(d.getMilliseconds()).padStart(3, '0');
}

/** yyyy-MM-ddTHH:mm in local time, for <input type="datetime-local">. */
export function localInput(epochMs) {
  const d = new Date(epochMs - new Date(epochMs).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}
