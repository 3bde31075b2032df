/*
 * assets.c — the embedded style sheet and script. See assets.h.
 *
 * The style sheet is written for a 360-pixel phone first; wider screens
 * get the menu in one line and wider tables. Tables scroll sideways in
 * their own box rather than widening the page.
 */
#include "assets.h"

#include <string.h>

static const char css[] =
	":root{--hijau:#1b6b3a;--abu:#f3f4f2;--garis:#d5d8d2;--teks:#1d1f1c;--merah:#a32020}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--teks);background:#fff}\n"
	"header{background:var(--hijau);color:#fff;padding:.5rem .75rem;display:flex;flex-wrap:wrap;gap:.4rem .9rem;align-items:center}\n"
	"header a{color:#fff;text-decoration:none}\n"
	".merek{font-weight:700;font-size:1.1rem;margin-right:.5rem}\n"
	"nav{display:flex;flex-wrap:wrap;gap:.2rem .8rem;flex:1 1 auto}\n"
	"nav a{padding:.15rem 0;border-bottom:2px solid transparent}\n"
	"nav a:hover{border-bottom-color:#fff}\n"
	".keluar{display:flex;gap:.5rem;align-items:center;margin:0}\n"
	".keluar button{background:transparent;color:#fff;border:1px solid #fff;border-radius:4px;padding:.15rem .6rem}\n"
	"main{padding:.75rem;max-width:1200px;margin:0 auto}\n"
	"h1{font-size:1.35rem;margin:.3rem 0 .8rem}\n"
	"h2{font-size:1.1rem;margin:1.2rem 0 .5rem}\n"
	".tbl{overflow-x:auto;margin:.5rem 0 1rem}\n"
	"table{border-collapse:collapse;min-width:100%}\n"
	"th,td{border-bottom:1px solid var(--garis);padding:.3rem .5rem;text-align:left;vertical-align:top;white-space:nowrap}\n"
	"th{background:var(--abu);font-weight:600;white-space:nowrap}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".kosong{color:#666;font-style:italic}\n"
	"form.cari,form.isian{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0 1rem}\n"
	"label{display:flex;flex-direction:column;font-size:.9rem;gap:.15rem}\n"
	"input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #999;border-radius:4px;max-width:100%}\n"
	"button{background:var(--hijau);color:#fff;border-color:var(--hijau);cursor:pointer}\n"
	".kartu{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.6rem;margin:.5rem 0 1rem}\n"
	".kartu div{background:var(--abu);border-radius:6px;padding:.6rem}\n"
	".kartu b{display:block;font-size:1.3rem}\n"
	".grafik{width:100%;max-width:520px;height:auto;display:block;margin:.5rem 0 1rem}\n"
	".galat{border-left:4px solid var(--merah);background:#fbeeee;padding:.5rem 1rem}\n"
	".rinci{color:#555;font-size:.9rem}\n"
	".catatan{color:#555;font-size:.9rem}\n"
	".unduh a{display:inline-block;margin:0 .6rem .4rem 0}\n"
	".masuk{max-width:340px;margin:2rem auto}\n"
	".masuk form{display:flex;flex-direction:column;gap:.7rem}\n"
	".kurang{color:var(--merah);font-weight:600}\n"
	/* the office's forms (web/form.c): one column, wide enough to type in */
	"form.op{display:flex;flex-direction:column;gap:.7rem;max-width:32rem;margin:.5rem 0 1rem}\n"
	"form.op button{align-self:flex-start;padding:.5rem 1.2rem}\n"
	".req{color:var(--merah)}\n"
	"label.centang{flex-direction:row;align-items:center;gap:.4rem}\n"
	".aksi{display:flex;flex-wrap:wrap;gap:.4rem}\n"
	".aksi a{background:var(--hijau);color:#fff;border-radius:4px;padding:.35rem .7rem;text-decoration:none}\n"
	".berhasil{border-left:4px solid var(--hijau);background:#eef7f0;padding:.6rem 1rem}\n"
	"form.putus{display:flex;flex-direction:column;gap:.3rem;min-width:14rem}\n"
	"td.teks{white-space:normal;min-width:12rem}\n"
	"form.putus button[name=reject]{background:#fff;color:var(--teks);border-color:#999}\n"
	"footer{color:#777;font-size:.8rem;text-align:center;padding:1.5rem .5rem}\n"
	"@media (min-width:800px){main{padding:1rem 1.5rem}h1{font-size:1.6rem}}\n";

/* The only script: a select with data-kirim submits its form when it
 * changes (filters), and a button with data-yakin asks first. */
static const char js[] =
	"'use strict';\n"
	"document.addEventListener('change', function (ev) {\n"
	"  var t = ev.target;\n"
	"  if (t && t.matches && t.matches('select[data-kirim]') && t.form) t.form.submit();\n"
	"});\n"
	"document.addEventListener('click', function (ev) {\n"
	"  var t = ev.target;\n"
	"  if (t && t.dataset && t.dataset.yakin && !window.confirm(t.dataset.yakin)) ev.preventDefault();\n"
	"});\n";

static const struct lb_asset assets[] = {
	{ "lumbung.css", "text/css; charset=utf-8", css },
	{ "lumbung.js", "text/javascript; charset=utf-8", js },
};

const struct lb_asset *lb_asset_find(const char *name)
{
	for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	return NULL;
}
