// Reads a file of the standard, parses it and validates every record with
// the ANCT model library (@gouvfr-anct/lieux-de-mediation-numerique), as the
// national tools do; the other side of scripts/bench-validate.sh.
//   node scripts/anct-validate.js [--raisons] lieux.csv|lieux.json
// Prints: records, accepted, rejected; with --raisons, each rejected
// record's id and the library's message on the error output.
'use strict';
const fs = require('fs');
const { fromSchemaLieuDeMediationNumerique } = require('@gouvfr-anct/lieux-de-mediation-numerique');

// parseCSV reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF).
function parseCSV(text, sep) {
  const rows = [];
  let row = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field;
    if (text.charCodeAt(i) === 34 /* " */) {
      let j = i + 1;
      let parts = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error('guillemet non refermé');
        if (text.charCodeAt(q + 1) === 34) {
          parts += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        field = parts + text.slice(j, q);
        i = q + 1;
        break;
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === 10 || c === 13) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
    } else {
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

function records(path) {
  const text = fs.readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(text)) {
    const data = JSON.parse(text);
    return Array.isArray(data) ? data : data.lieux || data.data || [];
  }
  const first = text.slice(0, text.indexOf('\n'));
  const sep = first.split(';').length > first.split(',').length ? 59 : 44;
  const rows = parseCSV(text, sep);
  const header = rows[0];
  const out = new Array(rows.length - 1);
  for (let r = 1; r < rows.length; r++) {
    const o = {};
    const row = rows[r];
    for (let c = 0; c < header.length; c++) {
      if (row[c] !== undefined && row[c] !== '') o[header[c]] = row[c];
    }
    out[r - 1] = o;
  }
  return out;
}

const reasons = process.argv[2] === '--raisons';
const items = records(process.argv[reasons ? 3 : 2]);
let ok = 0;
let rejected = 0;
for (const item of items) {
  if (item.latitude !== undefined) item.latitude = Number(item.latitude);
  if (item.longitude !== undefined) item.longitude = Number(item.longitude);
  try {
    fromSchemaLieuDeMediationNumerique(item);
    ok++;
  } catch (e) {
    if (reasons) console.error(`${item.id} : ${e.message || e.constructor.name}`);
    rejected++;
  }
}
console.log(`${items.length} lieux lus : ${ok} acceptés, ${rejected} rejetés`);
