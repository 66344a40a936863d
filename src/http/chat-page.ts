/**
 * The local chat page (Chinese UI) for trying the bot in a browser. Replies render like the
 * Lark card: blocks with headings, a comparison as a compact table, a collapsible 更多,
 * sources as document title + section that open the quoted passage, 👍/👎, and a distinct
 * look for "资料里没有" with who to ask. No internal names (intents, modes, ids) are shown.
 */
export function chatPageHtml(opts: { needsToken: boolean }): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<title>导购助手</title>
<style>
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:15px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f2f3f5;color:#1f2329;overflow-wrap:anywhere}
header{position:sticky;top:0;z-index:5;background:#1456f0;color:#fff;padding:10px 16px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
header b{font-size:17px;display:block}
header span{font-size:12px;opacity:.85}
#log{padding:12px 10px 96px;max-width:760px;margin:0 auto}
.me{background:#1456f0;color:#fff;margin:10px 0 10px auto;padding:8px 12px;border-radius:14px 14px 4px 14px;max-width:85%;width:fit-content;white-space:pre-wrap}
.card{background:#fff;border:1px solid #e1e4e8;border-radius:12px;margin:10px 0;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.card .hd{padding:9px 14px;font-weight:600;color:#fff;background:#1456f0}
.card.complaint .hd{background:#e8740c}.card.compare .hd{background:#7f3bf5}
.card .bd{padding:4px 14px 10px}
.blk{margin:8px 0}
.blk h3{font-size:14px;margin:0 0 4px;color:#1f2329}
.blk ul,.blk ol{margin:0;padding-left:20px}
.blk li{margin:2px 0}
.blk p{margin:2px 0;white-space:pre-wrap}
table.cmp{border-collapse:collapse;width:100%;font-size:13px;table-layout:fixed}
table.cmp th,table.cmp td{border:1px solid #e5e7eb;padding:4px 6px;vertical-align:top;text-align:left}
table.cmp th{background:#f5f6f8;font-weight:600}
table.cmp td:first-child,table.cmp th:first-child{width:24%;color:#646a73}
details.more summary{cursor:pointer;color:#1456f0;font-size:14px;margin:6px 0;list-style:none}
details.more summary::before{content:"▸ "}details.more[open] summary::before{content:"▾ "}
.src{border-top:1px solid #eef0f3;padding:8px 14px;font-size:13px;color:#646a73}
.src button{font:inherit;font-size:12px;background:#f2f5fc;color:#1456f0;border:1px solid #d6e0f5;border-radius:12px;padding:2px 9px;margin:2px 4px 2px 0;cursor:pointer;max-width:100%;text-align:left}
.passage{background:#f7f8fa;border-left:3px solid #1456f0;padding:6px 10px;margin:6px 0;border-radius:4px;white-space:pre-wrap;color:#1f2329;font-size:13px}
.passage b{display:block;margin-bottom:2px}
.ft{display:flex;gap:8px;align-items:center;padding:6px 14px 10px;flex-wrap:wrap}
.ft button{font:inherit;font-size:13px;background:#fff;border:1px solid #d0d3d8;border-radius:14px;padding:3px 12px;cursor:pointer}
.ft button[disabled]{opacity:.5}
.ft .thanks{font-size:12px;color:#646a73}
.card.declined{border:1px dashed #b6bcc6;background:#fafafa}
.card.declined .hd{background:#eef0f3;color:#3b4350}
.card.declined .hd::before{content:"🤔 "}
.ask{background:#fff7e6;border:1px solid #ffd591;color:#874d00;border-radius:8px;padding:6px 10px;margin:8px 0;font-size:14px}
.ask::before{content:"👉 "}
.hint{color:#646a73;font-size:13px;text-align:center;margin:14px 0}
.chips{display:flex;flex-wrap:wrap;gap:6px;justify-content:center}
.chips button{font:inherit;font-size:13px;background:#fff;border:1px solid #d0d3d8;border-radius:14px;padding:4px 10px;cursor:pointer}
.err{color:#a52020;background:#fde7e7;border-radius:8px;padding:8px 12px;margin:10px 0}
form{position:fixed;bottom:0;left:0;right:0;display:flex;gap:8px;padding:10px 10px calc(10px + env(safe-area-inset-bottom));background:#fff;border-top:1px solid #e1e4e8}
form input{flex:1;min-width:0;font-size:16px;padding:10px 12px;border:1px solid #c9cdd4;border-radius:20px}
form button{font-size:16px;padding:10px 18px;border:0;border-radius:20px;background:#1456f0;color:#fff}
.typing{color:#8f959e;font-size:13px;margin:8px 4px}
</style></head><body>
<header><b>导购助手</b><span>问产品 · 比竞品 · 查投诉处理 · 报反馈</span></header>
<div id="log" aria-live="polite">
<div class="hint">可以这样问我：</div>
<div class="chips" id="examples"><button>紫管眼霜跟隔壁那款比咋样</button><button>顾客说包装破了要退货</button><button>蓝桶洗衣液冷水能洗干净吗</button><button>反馈：王女士说面霜用了三天脸发红</button></div>
</div>
<form id="f"><input id="q" autocomplete="off" placeholder="输入问题，回车发送" maxlength="2000" aria-label="问题"><button>发送</button></form>
<script>
(function(){
'use strict';
var needsToken=${opts.needsToken ? 'true' : 'false'};
var token=localStorage.getItem('daogou_token')||'';
if(needsToken&&!token){token=prompt('请输入访问令牌')||'';localStorage.setItem('daogou_token',token);}
var user=localStorage.getItem('daogou_user');
if(!user){user='web-'+Math.random().toString(36).slice(2,10);localStorage.setItem('daogou_user',user);}
var log=document.getElementById('log');
var ICONS={fact:'📌',fabe:'💎',compare:'⚖️',steps:'🧭',script:'💬',taboo:'⛔',sla:'⏱️',note:'📝',ticket:'🎫',quiz:'❓',list:'📋'};
var ASK=/店长|工作群|培训|请示|确认|问/;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
function headers(){var h={'content-type':'application/json'};if(token)h.authorization='Bearer '+token;return h;}
function scroll(node){node.scrollIntoView({block:'end',behavior:'smooth'});}
function commonPrefix(list){if(!list.length)return '';var p=list[0];list.forEach(function(s){while(p&&s.indexOf(p)!==0)p=p.slice(0,-1);});var i=p.lastIndexOf(' ');return i>0?p.slice(0,i+1):'';}
function compareTable(b){
  var rows=[],rest=[];
  b.lines.forEach(function(l){var i=l.indexOf('：');var cells=i<0?[]:[l.slice(0,i)].concat(l.slice(i+1).split('｜'));if(cells.length>=3)rows.push(cells);else rest.push(l);});
  var n=rows.length?rows[0].length:0;
  if(rows.length<2||rows.some(function(r){return r.length!==n;}))return null;
  var m=/（(.+?)\\s+vs\\s+(.+?)）/.exec(b.title||'');
  var head=[''];
  for(var j=1;j<n;j++){var col=rows.map(function(r){return r[j].trim();});var p=commonPrefix(col);
    head.push(p?p.trim():(m&&n===3?m[j]:''));
    rows.forEach(function(r){r[j]=p?r[j].trim().slice(p.length):r[j].trim();});}
  var wrap=el('div');var t=el('table','cmp');var tr=el('tr');head.forEach(function(x){tr.appendChild(el('th',null,x));});var th=el('thead');th.appendChild(tr);t.appendChild(th);
  var tb=el('tbody');rows.forEach(function(r){var row=el('tr');r.forEach(function(x){row.appendChild(el('td',null,x));});tb.appendChild(row);});t.appendChild(tb);
  wrap.appendChild(t);
  if(rest.length){var ul=el('ul');rest.forEach(function(l){ul.appendChild(el('li',null,l));});wrap.appendChild(ul);}
  return wrap;
}
function block(b){
  var d=el('div','blk');
  if(b.title)d.appendChild(el('h3',null,(ICONS[b.kind]||'')+' '+b.title));
  var t=b.kind==='compare'?compareTable(b):null;
  if(t){d.appendChild(t);return d;}
  var list=el(b.kind==='steps'?'ol':'ul');
  b.lines.forEach(function(l){list.appendChild(el('li',null,l));});
  d.appendChild(list);return d;
}
function declinedBody(card,bd){
  var ask=null;
  card.blocks.forEach(function(b){b.lines.forEach(function(l){if(!ask&&ASK.test(l)&&b.kind==='note')ask=l;});});
  card.blocks.forEach(function(b){
    var lines=b.lines.filter(function(l){return l!==ask;});
    if(!lines.length)return;
    var d=el('div','blk');lines.forEach(function(l){d.appendChild(el('p',null,l));});bd.appendChild(d);
  });
  bd.appendChild(el('div','ask',ask||'建议先跟顾客说明会核实后回复，再问店长或在门店工作群里确认。'));
}
function openPassage(btn,s,box){
  if(box.getAttribute('data-key')===s.id+'#'+(s.section||'')&&!box.hidden){box.hidden=true;return;}
  var q='/api/passage?id='+encodeURIComponent(s.id)+(s.section?'&section='+encodeURIComponent(s.section):'');
  fetch(q,{headers:headers()}).then(function(r){return r.json().then(function(j){return {ok:r.ok,j:j};});}).then(function(x){
    box.textContent='';box.hidden=false;box.setAttribute('data-key',s.id+'#'+(s.section||''));
    if(!x.ok){box.textContent=x.j.message||'打不开这段资料';return;}
    box.appendChild(el('b',null,x.j.title+(x.j.section?' · '+x.j.section:'')));box.appendChild(document.createTextNode(x.j.text));
  }).catch(function(){box.hidden=false;box.textContent='网络错误，打不开这段资料';});
}
function vote(card,v,ft){
  var bs=ft.querySelectorAll('button');bs.forEach(function(b){b.disabled=true;});
  fetch('/api/vote',{method:'POST',headers:headers(),body:JSON.stringify({user:user,reply_id:card.reply_id,vote:v})})
  .then(function(r){return r.json();}).then(function(j){ft.querySelector('.thanks').textContent=j.message||'已记录';})
  .catch(function(){bs.forEach(function(b){b.disabled=false;});ft.querySelector('.thanks').textContent='没记上，请再点一次';});
}
function render(j){
  var card=j.card;
  var kind=card.declined?'declined':(j.intent==='complaint'?'complaint':(j.intent==='competitor_compare'?'compare':''));
  var c=el('div','card '+kind);c.setAttribute('data-reply',card.reply_id);
  c.appendChild(el('div','hd',card.declined?('资料里没有：'+(card.title||'这个问题')):(card.title||'导购助手')));
  var bd=el('div','bd');c.appendChild(bd);
  if(card.declined){declinedBody(card,bd);}
  else if(card.text&&!card.blocks.length){bd.appendChild(el('p',null,card.text));}
  else{
    card.blocks.slice(0,2).forEach(function(b){bd.appendChild(block(b));});
    var rest=card.blocks.slice(2);
    if(rest.length){var more=el('details','more');more.appendChild(el('summary',null,'更多（'+rest.length+'）'));rest.forEach(function(b){more.appendChild(block(b));});bd.appendChild(more);}
  }
  if(card.sources.length){
    var src=el('div','src');src.appendChild(el('span',null,'依据：'));
    var box=el('div','passage');box.hidden=true;
    card.sources.forEach(function(s){var b=el('button',null,'📄 '+s.title+(s.section?' · '+s.section:''));b.type='button';b.addEventListener('click',function(){openPassage(b,s,box);});src.appendChild(b);});
    src.appendChild(box);c.appendChild(src);
  }
  var ft=el('div','ft');
  var up=el('button',null,'👍 有用'),down=el('button',null,'👎 没帮助');up.type=down.type='button';
  up.addEventListener('click',function(){vote(card,'up',ft);});down.addEventListener('click',function(){vote(card,'down',ft);});
  ft.appendChild(up);ft.appendChild(down);ft.appendChild(el('span','thanks',''));c.appendChild(ft);
  log.appendChild(c);scroll(c);
}
function ask(text){
  var ex=document.getElementById('examples');if(ex){ex.previousElementSibling&&ex.previousElementSibling.remove();ex.remove();}
  var me=el('div','me',text);log.appendChild(me);
  var typing=el('div','typing','正在查资料…');log.appendChild(typing);scroll(typing);
  fetch('/api/chat?view=card',{method:'POST',headers:headers(),body:JSON.stringify({user:user,text:text})})
  .then(function(r){return r.json().then(function(j){return {ok:r.ok,status:r.status,j:j};});})
  .then(function(x){typing.remove();
    if(x.status===401){localStorage.removeItem('daogou_token');log.appendChild(el('div','err','需要访问令牌，请刷新页面后输入'));return;}
    if(!x.ok||!x.j.card){var msg=/[\u4e00-\u9fa5]/.test(x.j.message||'')?x.j.message:'请稍后再试';log.appendChild(el('div','err','出错了：'+msg));return;}
    render(x.j);})
  .catch(function(){typing.remove();log.appendChild(el('div','err','网络错误，请检查连接后再试'));});
}
document.getElementById('examples').addEventListener('click',function(e){if(e.target.tagName==='BUTTON')ask(e.target.textContent);});
document.getElementById('f').addEventListener('submit',function(e){e.preventDefault();var q=document.getElementById('q');var t=q.value.trim();if(!t)return;q.value='';ask(t);});
})();
</script></body></html>`;
}
