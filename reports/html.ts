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
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

let vendor: string | undefined;

/**
 * Vega, Vega-Lite and vega-embed from the installed packages, to inline into
 * every report so it opens offline, from a file, with no network. Checked
 * once for a closing script tag (none of these builds contain one).
 */
export function vendorScripts(): string {
  if (vendor) return vendor;
  const files: Array<[string, string]> = [['vega', 'build/vega.min.js'], ['vega-lite', 'build/vega-lite.min.js'], ['vega-embed', 'build/vega-embed.min.js']];
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

/** One block of a report page. */
export type Section =
  | { readonly kind: 'chart'; readonly id: string; readonly title: string; readonly note?: string }
  | { readonly kind: 'table'; readonly title: string; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] }
  | { readonly kind: 'text'; readonly title: string; readonly text: string };

/** A whole report page. */
export interface Page {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly Section[];
  /** Vega-Lite specs by chart id. */
  readonly specs: Readonly<Record<string, unknown>>;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c6cbd6}
main{padding:18px 28px;display:grid;gap:18px}section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 18px}
section h2{font-size:15px;margin:0 0 8px}.note{color:#5b6477;margin:0 0 8px}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{border-bottom:1px solid #eceef2;padding:4px 10px;text-align:right}th{background:#f0f2f5}td:first-child,th:first-child{text-align:left}
.chart{min-height:60px}.error{color:#b00020;white-space:pre-wrap}`;

/** Renders a self-contained HTML page; every string from user input is escaped. */
export function renderPage(page: Page): string {
  const body = page.sections
    .map((s) => {
      const h = `<h2>${escapeHtml(s.title)}</h2>`;
      if (s.kind === 'chart') {
        return `<section>${h}${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}<div class="chart" id="${escapeHtml(s.id)}" data-chart></div></section>`;
      }
      if (s.kind === 'text') return `<section>${h}<p>${escapeHtml(s.text)}</p></section>`;
      const head = `<tr>${s.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
      const rows = s.rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`).join('');
      return `<section>${h}<table>${head}${rows}</table></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.title)}</title><style>${STYLE}</style>
${vendorScripts()}
</head><body>
<header><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.subtitle)}</p></header>
<main>
${body}
</main>
<script type="application/json" id="ctrlsim-specs">${jsonForScript(page.specs)}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('ctrlsim-specs').textContent);
  var pending = Object.keys(specs).map(function (id) {
    var el = document.getElementById(id);
    return vegaEmbed(el, specs[id], { actions: false, renderer: 'svg' }).catch(function (err) {
      el.className = 'error';
      el.textContent = 'chart failed: ' + err.message;
      console.error(err);
    });
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-rendered', 'true'); });
})();
</script>
</body></html>
`;
}
