/* The hand-over code on the device: the same codec as src/atrophy_pwa/core/handover.py (read its docstring
   for the layout; tests/core/test_handover.py runs both and compares), the code and its QR on every result
   the device draws (atrophy.handover.show), and the /<locale>/handover page, which reads the code after
   # and draws its result here from the cached JSON: the code never goes to the server.
   The id lists come from the server (data-handover-orders on the box's <template>, and on this script's
   element on the hand-over page); the QR from static/js/vendor/lean-qr.js. On the flow pages render.js
   loads both scripts when it draws a result (render.handover); the hand-over page has them in its <head>. */
(function (atrophy) {
  "use strict";

  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const VALUE = { ...Object.fromEntries(Array.from(ALPHABET, (char, value) => [char, value])), O: 0, I: 1, L: 1 };
  const IGNORED = /[ \-\t\n\u00a0\u2010-\u2014\u2212]/g;
  const KINDS = ["flow", "checklist"];
  const BITS = 5;
  const GROUP = 4;
  const MAX_LENGTH = 64;

  // 2 * value in GF(32) with the polynomial x^5 + x^2 + 1.
  function timesTwo(value) {
    const doubled = value << 1;
    return doubled & 32 ? doubled ^ 0b100101 : doubled;
  }

  // The Damm interim digit: 0 when the values end in their check character.
  function damm(values) {
    return values.reduce((interim, value) => timesTwo(interim) ^ value, 0);
  }

  function failure(reason) {
    return Object.assign(new Error(`hand-over code: ${reason}`), { reason });
  }

  // The code for these answers (the kind's ids answered yes), made with the newest version.
  function encode(orders, kind, ids) {
    const order = orders[kind].flat();
    const chosen = new Set(ids);
    if ([...chosen].some((id) => !order.includes(id))) throw new Error(`not in the ${kind} list: ${ids}`);
    const values = [orders[kind].length * 2 + KINDS.indexOf(kind)];
    for (let start = 0; start < order.length; start += BITS) {
      values.push(order.slice(start, start + BITS).reduce((sum, id, bit) => sum + (chosen.has(id) ? 1 << (BITS - 1 - bit) : 0), 0));
    }
    values.push(timesTwo(damm(values)));
    const text = values.map((value) => ALPHABET[value]).join("");
    return text.match(new RegExp(`.{1,${GROUP}}`, "g")).join("-");
  }

  // {kind, ids} for a code as a person typed it; throws an Error with .reason "malformed", "check" or "newer".
  function decode(orders, code) {
    if (typeof code !== "string" || code.length > MAX_LENGTH) throw failure("malformed");
    const text = code.split("#").pop().toUpperCase().replace(IGNORED, "");
    if (text.length < 2 || Array.from(text).some((char) => !(char in VALUE))) throw failure("malformed");
    const values = Array.from(text, (char) => VALUE[char]);
    if (damm(values)) throw failure("check");
    const kind = KINDS[values[0] & 1];
    const version = values[0] >> 1;
    if (version === 0) throw failure("malformed");
    if (version > orders[kind].length) throw failure("newer");
    const order = orders[kind].slice(0, version).flat();
    const answers = values.slice(1, -1);
    if (answers.length !== Math.ceil(order.length / BITS)) throw failure("malformed");
    const bits = answers.flatMap((value) => Array.from({ length: BITS }, (_, bit) => (value >> (BITS - 1 - bit)) & 1));
    if (bits.slice(order.length).some(Boolean)) throw failure("malformed");
    return { kind, ids: order.filter((id, index) => bits[index]) };
  }

  // A QR code of the address as an <svg> in box (nothing when the QR script could not load).
  function drawQr(box, address) {
    if (!window.leanQr) return;
    const bitmap = window.leanQr.generate(address, { minCorrectionLevel: window.leanQr.correction.M });
    const svg = window.leanQr.svg.toSvg(bitmap, document, { on: "#000", off: "#fff", pad: 2 });
    svg.classList.add("app-handover__svg");
    box.replaceChildren(svg);
  }

  // Fill the hand-over box: template is components/handover.html's <template data-handover-template>, in
  // a result drawn on the device (render.handover); it carries the id lists and the page's address.
  function show(template, kind, ids) {
    const box = template.content.cloneNode(true);
    const code = encode(JSON.parse(template.dataset.handoverOrders), kind, ids);
    const page = new URL(template.dataset.handoverAddress, window.location.href).href;
    box.querySelector("[data-handover-code]").textContent = code;
    const link = box.querySelector("[data-slot=handover-page]");
    link.href = page;
    link.textContent = page;
    const qr = box.querySelector("[data-slot=handover-qr]");
    template.replaceWith(box);
    // The QR in a task of its own, once the result and its code are on the screen: drawing it is the
    // longest piece of work on a result, and a slow phone should not freeze while it is made.
    setTimeout(() => drawQr(qr, `${page}#${code}`), 0);
  }

  // The /<locale>/handover page (form[data-module=handover]): the code after # (or typed) is decoded here
  // and its result drawn by the flow's or the checklist's own showResult.
  function start(form) {
    const error = form.querySelector("[data-slot=handover-error]");
    const input = form.elements.code;
    const orders = JSON.parse(document.querySelector("script[data-handover-orders]").dataset.handoverOrders);
    form.hidden = false;  // hidden in the static export until this script runs
    function open(text) {
      let found;
      try {
        found = decode(orders, text);
      } catch (problem) {
        input.value = text;
        error.textContent = error.dataset[problem.reason] || error.dataset.malformed;
        error.hidden = false;
        input.setAttribute("aria-describedby", "code-hint code-error");
        input.focus();
        return;
      }
      // The language links keep the code, so the result can be read in another language.
      const code = encode(orders, found.kind, found.ids);
      document.querySelectorAll("a[data-locale]").forEach((link) => { link.hash = code; });
      const names = found.kind === "flow" ? ["flow", "cards", "numbers"] : ["flow", "checklist", "numbers"];
      atrophy.render.load(names).then((loaded) => {
        const main = form.closest("main");
        if (found.kind === "flow") atrophy.careResult(main, loaded, { answers: Object.fromEntries(found.ids.map((id) => [id, true])) }, true);
        else atrophy.checklistResult(main, loaded, { signs: found.ids }, true);
      }, () => form.submit());
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      window.history.replaceState(null, "", `#${input.value.trim()}`);
      open(input.value);
    });
    window.addEventListener("hashchange", () => window.location.reload());
    if (window.location.hash.length > 1) open(decodeURIComponent(window.location.hash.slice(1)));
  }

  atrophy.handover = { encode, decode, show };
  if (atrophy.modules) atrophy.modules.handover = start;
})(window.atrophy = window.atrophy || { modules: {} });
