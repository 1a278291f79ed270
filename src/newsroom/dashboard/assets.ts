/**
 * The dashboard's only stylesheet and script, served as files so the CSP can forbid every
 * inline script and style. The script only enhances: sorting tables, keyboard moderation,
 * select-all, and confirming destructive buttons; every page works without it.
 */

export const dashboardCss = `
:root{--fg:#1d232a;--muted:#5b6670;--bg:#f6f7f9;--card:#fff;--line:#dde2e7;--accent:#0b6bcb;--bad:#b42318;--ok:#067647;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header{background:#12263a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
header a{color:#fff;text-decoration:none}header nav{display:flex;gap:.75rem;flex-wrap:wrap;flex:1}header nav a[aria-current]{text-decoration:underline;font-weight:600}
header form{margin:0}header button{background:transparent;color:#fff;border:1px solid #fff6;border-radius:4px;padding:.25rem .6rem;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.25rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .75rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.75rem;margin-bottom:1rem}
.card,.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.9rem}
.panel{margin-bottom:1rem;overflow-x:auto}
.card .value{font-size:1.8rem;font-weight:700}.card .label{color:var(--muted);font-size:.9rem}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th button{all:unset;cursor:pointer;font-weight:600}th button::after{content:" ↕";color:var(--muted)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
svg{max-width:100%;height:auto;display:block}
.muted{color:var(--muted)}.small{font-size:.85rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
form.inline{display:inline}fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.75rem}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}input,select,textarea{font:inherit;padding:.4rem;border:1px solid #aab4bd;border-radius:4px;max-width:100%}
input[type=checkbox]{width:1.2rem;height:1.2rem}textarea{width:100%;min-height:5rem}
button,.button{font:inherit;padding:.4rem .8rem;border-radius:4px;border:1px solid #8a96a3;background:#fff;cursor:pointer;text-decoration:none;color:var(--fg);display:inline-block}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}button.danger{border-color:var(--bad);color:var(--bad)}button.ok{border-color:var(--ok);color:var(--ok)}
.periods{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}.periods a[aria-current]{font-weight:700;text-decoration:none;color:var(--fg)}
.flash{background:#ecfdf3;border:1px solid #abefc6;padding:.6rem;border-radius:6px;margin-bottom:1rem}
.errors{background:#fef3f2;border:1px solid #fecdca;padding:.6rem;border-radius:6px;margin-bottom:1rem}
.field-error{color:var(--bad);font-size:.9rem;margin:.2rem 0}
.secret{font-family:ui-monospace,monospace;background:#fff8db;padding:.5rem;border-radius:4px;word-break:break-all;display:block}
.queue-item{border:1px solid var(--line);border-radius:8px;padding:.75rem;margin-bottom:.75rem;background:var(--card)}
.queue-item.current{outline:3px solid var(--accent)}.queue-item .body{white-space:pre-wrap;margin:.5rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.legend{display:flex;flex-wrap:wrap;gap:.75rem;font-size:.9rem;margin-top:.5rem}.legend svg{display:inline;vertical-align:middle}
@media (max-width:600px){main{padding:.6rem}.card .value{font-size:1.4rem}th,td{padding:.35rem .3rem}}
`;

export const dashboardJs = `(function(){
'use strict';
function cellValue(row,index){var cell=row.cells[index];if(!cell)return '';var raw=cell.getAttribute('data-value');return raw!==null?raw:cell.textContent.trim();}
document.querySelectorAll('table[data-sortable]').forEach(function(table){
  var heads=table.tHead?table.tHead.rows[0].cells:[];
  Array.prototype.forEach.call(heads,function(th,index){
    var button=document.createElement('button');button.type='button';button.textContent=th.textContent;th.textContent='';th.appendChild(button);
    var ascending=false;
    button.addEventListener('click',function(){
      ascending=!ascending;
      var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){var x=cellValue(a,index),y=cellValue(b,index);var nx=parseFloat(x),ny=parseFloat(y);
        var order=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return ascending?order:-order;});
      rows.forEach(function(row){body.appendChild(row);});
      Array.prototype.forEach.call(heads,function(other){other.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',ascending?'ascending':'descending');
    });
  });
});
document.querySelectorAll('[data-select-all]').forEach(function(box){
  box.addEventListener('change',function(){document.querySelectorAll('input[name=ids]').forEach(function(item){item.checked=box.checked;});});
});
document.querySelectorAll('button[data-confirm]').forEach(function(button){
  button.addEventListener('click',function(event){if(!window.confirm(button.getAttribute('data-confirm'))){event.preventDefault();}});
});
var items=Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
if(items.length){
  var current=0;
  function focusItem(index){items[current].classList.remove('current');current=Math.max(0,Math.min(items.length-1,index));items[current].classList.add('current');items[current].scrollIntoView({block:'nearest'});}
  focusItem(0);
  document.addEventListener('keydown',function(event){
    if(event.ctrlKey||event.metaKey||event.altKey)return;
    var tag=(event.target&&event.target.tagName)||'';if(tag==='INPUT'||tag==='TEXTAREA'||tag==='SELECT')return;
    var map={a:'approve',r:'reject',s:'spam'};
    if(event.key==='j'){focusItem(current+1);}else if(event.key==='k'){focusItem(current-1);}
    else if(event.key==='x'){var box=items[current].querySelector('input[name=ids]');if(box)box.checked=!box.checked;}
    else if(map[event.key]){var button=items[current].querySelector('button[value^="'+map[event.key]+':"]');if(button){event.preventDefault();button.click();}}
  });
}
})();
`;
