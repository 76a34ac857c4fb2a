//===- HtmlAssets.h - The style sheet and script of the HTML report -------===//
//
// Inlined into every page, so the page needs no network and no other file.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_HTMLASSETS_H
#define LINEPROF_REPORT_HTMLASSETS_H

namespace lineprof {
namespace html {

// A source table's placeholder is as tall as the table will be: rows of
// .9em text at line height 1.45 with 2px padding, a head row, the borders;
// the section around it adds its heading and location line (4.96em), so
// the browser can skip laying out placeholders out of view.
//
// Heat steps h1..h9 go from pale yellow to red. They are opaque so that a
// screenshot shows exactly these colours; dark mode has its own ramp.
inline constexpr const char *Style = R"css(
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#5c5c5c;
--line:#d9d9d9;--head:#f3f3f3;--link:#0b57d0;--bar:#e8710a;
--h1:#fffbe6;--h2:#fff4c2;--h3:#ffeaa0;--h4:#ffdd80;--h5:#ffc966;
--h6:#ffb055;--h7:#ff9448;--h8:#ff7640;--h9:#ff5a3c}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;
--muted:#a8a8a8;--line:#333;--head:#222;--link:#8ab4f8;--bar:#f29d4b;
--h1:#2a2616;--h2:#3a3116;--h3:#4a3a16;--h4:#5a3f17;--h5:#6a4218;
--h6:#7a4219;--h7:#8a3f1a;--h8:#9a381b;--h9:#aa2e1c}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1600px;margin:0 auto;padding:12px 20px 40px}
h1{font-size:1.45em;margin:.3em 0 .2em;overflow-wrap:anywhere}
h2{font-size:1.2em;margin:1.6em 0 .4em}
h3{font-size:1.02em;margin:1.2em 0 .3em;overflow-wrap:anywhere}
a{color:var(--link)}
code,.src td,.hot td.code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em}
.facts{margin:.2em 0;color:var(--muted);display:flex;flex-wrap:wrap;gap:.2em 1.4em}
.facts b{color:var(--fg)}
nav{margin:.6em 0;display:flex;flex-wrap:wrap;gap:.3em 1em}
.where{margin:.2em 0 .5em;color:var(--muted);overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%}
th,td{padding:2px 8px;text-align:right;white-space:nowrap;vertical-align:top}
thead th{background:var(--head);position:sticky;top:0;border-bottom:1px solid var(--line);font-weight:600}
td.l,th.l{text-align:left}
tbody tr+tr td{border-top:1px solid var(--line)}
.src tbody tr+tr td{border-top:0}
.src td:last-child,.hot td.code{text-align:left;white-space:pre;tab-size:4;-moz-tab-size:4}
.src td:first-child{color:var(--muted)}
td.file{white-space:normal;overflow-wrap:anywhere;text-align:left;min-width:12em}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=descending] button::after{content:" \25BE"}
th[aria-sort=ascending] button::after{content:" \25B4"}
td.pct{position:relative;min-width:5em}
td.pct span{position:absolute;left:0;bottom:2px;height:3px;background:var(--bar)}
.src td:last-child,.hot td.code,td.file{width:100%}
section.fn{border-top:1px solid var(--line);margin-top:1.4em}
.h1{background:var(--h1)}.h2{background:var(--h2)}.h3{background:var(--h3)}
.h4{background:var(--h4)}.h5{background:var(--h5)}.h6{background:var(--h6)}
.h7{background:var(--h7)}.h8{background:var(--h8)}.h9{background:var(--h9)}
.pending .scroll{height:calc(var(--rows)*(1.305em + 4px) + 1.45em + 8px)}
section.fn.pending{content-visibility:auto;
contain-intrinsic-size:auto calc(var(--rows)*(1.305em + 4px) + 1.45em + 8px + 4.96em)}
.sub{display:none;font-size:.85em;color:var(--muted)}
footer{margin-top:3em;color:var(--muted);font-size:.85em}
@media (max-width:640px){body{font-size:14px}main{padding:8px 10px 30px}
th,td{padding:2px 5px}td.file{white-space:nowrap;min-width:0}
#ftable td:nth-child(2),#ftable th:nth-child(2){display:none}
#ftable .sub{display:block}
.src td:nth-child(4),.src th:nth-child(4),.hot td:nth-child(4),.hot th:nth-child(4),
#ftable td:nth-child(5),#ftable th:nth-child(5){display:none}}
)css";

// Sorting of the function tables: numbers (data-v) largest first on the
// first click, text A to Z; unknown values (data-v="") stay last.
//
// A function table's rows past the first FunctionRowsAtFirst
// (HtmlReport.cpp) are the text of the script element "<table id>-rest",
// added to the table when the page has loaded, when the table's end comes
// near the view, or before a sort.
//
// Source tables are drawn on demand: each section.fn.pending has an empty
// box until it comes near the view or a link points into it; its table
// is the text of the script element rN (after the script, so that the
// page paints and sorts before they have loaded). Profiles of up to
// AllRows lines are drawn whole once loaded, so that the browser's find
// sees every line.
inline constexpr const char *Script = R"js(
(function(){
function key(td){var v=td.getAttribute('data-v');return v===null?td.textContent:v;}
var tables=document.querySelectorAll('table.sortable');
function rest(table){
var data=document.getElementById(table.id+'-rest');
if(!data)return;
table.tBodies[0].insertAdjacentHTML('beforeend',data.textContent);
data.remove();}
function restAll(){tables.forEach(rest);}
tables.forEach(function(table){
var heads=table.tHead.rows[0].cells;
Array.prototype.forEach.call(heads,function(th,col){
var button=th.querySelector('button');
if(!button)return;
button.addEventListener('click',function(){
rest(table);
var num=th.getAttribute('data-type')==='num';
var now=th.getAttribute('aria-sort');
var desc=now?now==='ascending':num;
Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',desc?'descending':'ascending');
var body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){
var x=key(a.cells[col]),y=key(b.cells[col]),r;
if(num){x=x===''?NaN:+x;y=y===''?NaN:+y;
if(isNaN(x)||isNaN(y))return isNaN(x)-isNaN(y);r=x-y;}
else r=x.localeCompare(y);
return desc?-r:r;});
rows.forEach(function(r){body.appendChild(r);});
});});});
var AllRows=20000,waiting=[];
var sections=document.querySelectorAll('section.fn.pending');
function draw(sec){
if(!sec.classList.contains('pending'))return true;
var data=document.getElementById('r'+sec.id.slice(1));
if(!data){if(waiting.indexOf(sec)<0)waiting.push(sec);return false;}
sec.querySelector('.scroll').innerHTML=data.textContent;
sec.classList.remove('pending');
data.remove();
if(seen)seen.unobserve(sec);
return true;}
var seen=window.IntersectionObserver?new IntersectionObserver(function(es){
es.forEach(function(e){if(e.isIntersecting)draw(e.target);});},
{rootMargin:'1500px 0px'}):null;
// Watching thousands of placeholders costs the first frame: after it.
requestAnimationFrame(function(){setTimeout(function(){
sections.forEach(function(sec){if(seen&&sec.classList.contains('pending'))seen.observe(sec);});
if(window.IntersectionObserver)tables.forEach(function(table){
if(!document.getElementById(table.id+'-rest'))return;
var end=new IntersectionObserver(function(es){
if(es[0].isIntersecting){end.disconnect();rest(table);}},{rootMargin:'1500px 0px'});
end.observe(table.tBodies[0].lastElementChild);});});});
function go(){
var m=/^#(f\d+)(-\d+)?$/.exec(location.hash);
if(!m)return;
var sec=document.getElementById(m[1]);
if(!sec||!draw(sec))return;
var target=document.getElementById(m[1]+(m[2]||''))||sec;
target.scrollIntoView();}
window.addEventListener('hashchange',go);
function ready(){
restAll();
var rows=0;
sections.forEach(function(sec){rows+=+sec.style.getPropertyValue('--rows');});
if(rows<=AllRows||!seen)sections.forEach(draw);
else waiting.splice(0).forEach(draw);
go();}
if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',ready);
else ready();
})();
)js";

} // namespace html
} // namespace lineprof

#endif // LINEPROF_REPORT_HTMLASSETS_H
