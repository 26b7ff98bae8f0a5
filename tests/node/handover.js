// Runs static/js/handover.js's codec under node for tests/core/test_handover.py. Reads one JSON object on stdin:
//   {orders, encode: [[kind, [ids]]...], decode: [text...]}
// and writes {encode: [code...], decode: [{kind, ids} or {reason}...]}, in the same order.
"use strict";
globalThis.window = globalThis;
require(process.argv[2]);
const { handover } = window.atrophy;
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const attempt = (text) => {
  try {
    return handover.decode(input.orders, text);
  } catch (error) {
    if (!error.reason) throw error;
    return { reason: error.reason };
  }
};
process.stdout.write(JSON.stringify({
  encode: input.encode.map(([kind, ids]) => handover.encode(input.orders, kind, ids)),
  decode: input.decode.map(attempt),
}));
