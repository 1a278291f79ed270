// The dashboard's only script, served as a file (/newsroom/assets/app.js) so the CSP can forbid
// every inline script. It only enhances: sorting tables, keyboard moderation, select-all, and
// confirming destructive buttons; every page works without it. Copied to dist/assets/ by
// scripts/build.mjs.
(function(){
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
// An article page's tally follows the votes live, as the poll under the article does: the public
// poll read says how (`live`: Server-Sent Events or a WebSocket, or none, e.g. on after-vote
// sites), and on each change the tally panel is fetched again as the server renders it, so its
// numbers and percents come from the one formula. Any failure leaves the page as it was.
var tally=document.getElementById('tally-title');
var article=/^\/newsroom\/sites\/([^/]+)\/articles\/([^/]+)$/.exec(location.pathname);
if(tally&&article&&window.EventSource){
  var panel=tally.closest('section');
  var api='/v1/sites/'+article[1]+'/articles/'+article[2];
  var refresh=function(){
    fetch(location.href,{credentials:'same-origin'}).then(function(response){return response.ok?response.text():'';}).then(function(html){
      var fresh=html&&new DOMParser().parseFromString(html,'text/html').getElementById('tally-title');
      if(fresh&&panel)panel.replaceChildren.apply(panel,Array.prototype.slice.call(fresh.closest('section').childNodes));
    },function(){});
  };
  fetch(api+'/poll').then(function(response){return response.json();}).then(function(poll){
    if(poll.live!=='sse'&&poll.live!=='ws')return;
    var source=poll.live==='ws'?new WebSocket(location.origin.replace(/^http/,'ws')+api+'/live'):new EventSource(api+'/live');
    // The first message is the tally as the feed found it: votes may have come since the page was made.
    source.onmessage=refresh;
    source.onerror=function(){source.close();};
  },function(){});
}
})();
