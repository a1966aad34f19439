import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON safe to place inside a <script> element: `<` becomes \u003c (so no
 * `</script>` or `<!--` can appear), as do the line separators JavaScript
 * treats as newlines.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

let vendor: string | undefined;

/**
 * Vega, Vega-Lite and vega-embed from the installed packages, to inline into
 * every report so it opens offline, from a file, with no network. Checked
 * once for a closing script tag (none of these builds contain one).
 */
export function vendorScripts(): string {
  if (vendor) return vendor;
  const files: Array<[string, string]> = [
    ['vega', 'build/vega.min.js'],
    ['vega-lite', 'build/vega-lite.min.js'],
    ['vega-embed', 'build/vega-embed.min.js'],
  ];
  vendor = files
    .map(([pkg, file]) => {
      const f = join(packageDir(pkg), file);
      const code = readFileSync(f, 'utf8');
      if (/<\/script/i.test(code)) throw new Error(`${f} contains a closing script tag and cannot be inlined`);
      return `<script>${code}</script>`;
    })
    .join('\n');
  return vendor;
}

/** The directory of an installed package (its `exports` hide build files from `require.resolve`). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes(`"name": "${name}"`)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot locate the ${name} package directory`);
    dir = up;
  }
  return dir;
}

/** A table cell: numbers are formatted by the caller or shown as written. */
export type Cell = string | number;

/** One headline number of a report. */
export interface Stat {
  /** What the number is ("flaps per hour"). */
  readonly label: string;
  /** The number, already formatted. */
  readonly value: string;
  /** One line saying how to read it. */
  readonly hint?: string;
}

/** One block of a report page. */
export type Section =
  | { readonly kind: 'chart'; readonly id: string; readonly title: string; readonly note?: string }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly note?: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly Cell[])[];
      /** Indices of rows to highlight (for example the recommended setting). */
      readonly highlight?: readonly number[];
    }
  | { readonly kind: 'text'; readonly title: string; readonly text: string }
  | { readonly kind: 'stats'; readonly title: string; readonly stats: readonly Stat[] };

/** A whole report page. */
export interface Page {
  /** Page title and heading (user text: escaped). */
  readonly title: string;
  /** One line under the heading. */
  readonly subtitle: string;
  /** Blocks, top to bottom. */
  readonly sections: readonly Section[];
  /**
   * Vega-Lite specs by chart id. A spec's top-level `datasets` are lifted out
   * and embedded once per page, however many charts use them.
   */
  readonly specs: Readonly<Record<string, unknown>>;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px;overflow-wrap:anywhere}header p{margin:4px 0 0;color:#c6cbd6}
main{padding:18px 28px;display:grid;gap:18px}section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 18px;overflow-x:auto}
section h2{font-size:15px;margin:0 0 8px}.note{color:#5b6477;margin:0 0 8px}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{border-bottom:1px solid #eceef2;padding:4px 10px;text-align:right;white-space:nowrap}th{background:#f0f2f5}td:first-child,th:first-child{text-align:left;position:sticky;left:0;background:#fff}th:first-child{background:#f0f2f5}
tr.hl td,tr.hl td:first-child{background:#fff4d6;font-weight:600}.text{white-space:pre-wrap;margin:0}
.stats{display:flex;flex-wrap:wrap;gap:10px}.stat{border:1px solid #e1e4ea;border-radius:6px;padding:8px 12px;min-width:130px}
.stat b{display:block;font-size:20px;font-variant-numeric:tabular-nums}.stat span{color:#5b6477;font-size:12px}
.chart{min-height:60px}.error{color:#b00020;white-space:pre-wrap}`;

const DATASET_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Lifts each spec's top-level `datasets` out so the page carries every
 * dataset once. Returns the specs without datasets, the datasets as JSON
 * text by name, and the names each chart uses. Throws when two charts carry
 * different datasets under one name.
 */
function liftDatasets(specs: Readonly<Record<string, unknown>>): {
  specs: Record<string, unknown>;
  datasets: Map<string, string>;
  uses: Record<string, string[]>;
} {
  const out: Record<string, unknown> = {};
  const datasets = new Map<string, string>();
  const uses: Record<string, string[]> = {};
  // Charts usually share the very same arrays: serialize each array once.
  const serialized = new Map<unknown, string>();
  for (const [id, spec] of Object.entries(specs)) {
    const { datasets: own, ...rest } = (spec ?? {}) as { datasets?: Record<string, unknown> };
    out[id] = rest;
    uses[id] = [];
    for (const [name, values] of Object.entries(own ?? {})) {
      if (!DATASET_NAME.test(name)) throw new Error(`dataset name ${JSON.stringify(name)} of chart ${id}: expected letters, digits, "_" or "-"`);
      let json = serialized.get(values);
      if (json === undefined) serialized.set(values, (json = jsonForScript(values)));
      const seen = datasets.get(name);
      if (seen !== undefined && seen !== json) throw new Error(`charts carry different datasets under the name ${JSON.stringify(name)} (chart ${id})`);
      datasets.set(name, json);
      uses[id]!.push(name);
    }
  }
  return { specs: out, datasets, uses };
}

function renderSection(s: Section): string {
  const h = `<h2>${escapeHtml(s.title)}</h2>`;
  switch (s.kind) {
    case 'chart':
      return `<section>${h}${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}<div class="chart" id="${escapeHtml(s.id)}" data-chart></div></section>`;
    case 'text':
      return `<section>${h}<p class="text">${escapeHtml(s.text)}</p></section>`;
    case 'stats':
      return `<section>${h}<div class="stats">${s.stats
        .map(
          (t) =>
            `<div class="stat"><span>${escapeHtml(t.label)}</span><b>${escapeHtml(t.value)}</b>${t.hint ? `<span>${escapeHtml(t.hint)}</span>` : ''}</div>`,
        )
        .join('')}</div></section>`;
    case 'table': {
      const hl = new Set(s.highlight ?? []);
      const head = `<tr>${s.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
      const rows = s.rows.map((r, i) => `<tr${hl.has(i) ? ' class="hl"' : ''}>${r.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`).join('');
      return `<section>${h}${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}<table>${head}${rows}</table></section>`;
    }
  }
}

/**
 * Renders a self-contained HTML page; every string from user input is
 * escaped, and JSON goes into `<script type="application/json">` blocks made
 * safe by jsonForScript. The page embeds each chart with vega-embed as SVG
 * and sets `data-rendered` on the body to "true" once every chart has
 * rendered, or to "error" if any failed. The same page always gives the same
 * bytes.
 */
export function renderPage(page: Page): string {
  const { specs, datasets, uses } = liftDatasets(page.specs);
  const body = page.sections.map(renderSection).join('\n');
  const data = [...datasets].map(([name, json]) => `<script type="application/json" id="ctrlsim-data-${name}">${json}</script>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.title)}</title><style>${STYLE}</style>
${vendorScripts()}
</head><body>
<header><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.subtitle)}</p></header>
<main>
${body}
</main>
<script type="application/json" id="ctrlsim-specs">${jsonForScript({ specs, uses })}</script>
${data}
<script>
(function () {
  var doc = JSON.parse(document.getElementById('ctrlsim-specs').textContent);
  var failed = false;
  var views = [];
  // Time charts share one x zoom: a chart's 'zoom' (an interval bound to its scales) and the
  // overview's 'brush' set every other chart's zoom. Charts without them are left alone.
  function has(view, signal) { try { view.signal(signal); return true; } catch (e) { return false; } }
  function linkZoom() {
    var syncing = false;
    function apply(from, value) {
      if (syncing) return;
      syncing = true;
      views.forEach(function (o) { if (o !== from && has(o, 'zoom_minute')) o.signal('zoom_minute', value).runAsync(); });
      syncing = false;
    }
    views.forEach(function (v) {
      if (has(v, 'zoom_minute')) v.addSignalListener('zoom_minute', function (_, value) { apply(v, value); });
      if (has(v, 'brush_minute')) v.addSignalListener('brush_minute', function (_, value) { apply(v, value && value.length ? value : null); });
    });
  }
  // Each chart parses its own copy of a dataset: Vega annotates the objects it ingests.
  function dataset(name) { return JSON.parse(document.getElementById('ctrlsim-data-' + name).textContent); }
  var pending = Object.keys(doc.specs).map(function (id) {
    var el = document.getElementById(id);
    var spec = doc.specs[id];
    var names = doc.uses[id] || [];
    if (names.length) {
      spec.datasets = {};
      names.forEach(function (n) { spec.datasets[n] = dataset(n); });
    }
    return vegaEmbed(el, spec, { actions: false, renderer: 'svg' }).then(function (r) { views.push(r.view); }).catch(function (err) {
      failed = true;
      el.className = 'error';
      el.textContent = 'chart failed: ' + err.message;
      console.error(err);
    });
  });
  Promise.all(pending).then(function () { linkZoom(); document.body.setAttribute('data-rendered', failed ? 'error' : 'true'); });
})();
</script>
</body></html>
`;
}
