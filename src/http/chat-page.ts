/** The local chat page (Chinese UI) for trying the bot in a browser. */
export function chatPageHtml(opts: { needsToken: boolean }): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>导购助手 · 本地试用</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#1f6feb;color:#fff;padding:12px 16px;font-size:17px}
#log{padding:12px;max-width:720px;margin:0 auto 90px}
.msg{margin:10px 0;padding:10px 12px;border-radius:10px;white-space:pre-wrap;line-height:1.55;max-width:92%}
.me{background:#d7e8ff;margin-left:auto}.bot{background:#fff;border:1px solid #e2e4e8}
.meta{font-size:12px;color:#888;margin-top:6px}
form{position:fixed;bottom:0;left:0;right:0;display:flex;gap:8px;padding:10px;background:#fff;border-top:1px solid #ddd}
input{flex:1;font-size:16px;padding:10px;border:1px solid #ccc;border-radius:8px}
button{font-size:16px;padding:10px 16px;border:0;border-radius:8px;background:#1f6feb;color:#fff}
</style></head><body>
<header>导购助手 · 问产品、比竞品、查投诉处理</header>
<div id="log"><div class="msg bot">你好！可以这样问我：\n· 紫管眼霜跟隔壁那款比咋样\n· 顾客说包装破了要退货\n· 反馈：王女士说面霜用了三天脸发红</div></div>
<form id="f"><input id="q" autocomplete="off" placeholder="输入问题，回车发送" maxlength="2000"><button>发送</button></form>
<script>
const needsToken=${opts.needsToken ? 'true' : 'false'};
let token=localStorage.getItem('daogou_token')||'';
if(needsToken&&!token){token=prompt('请输入访问令牌 (CHAT_TOKEN)')||'';localStorage.setItem('daogou_token',token);}
let user=localStorage.getItem('daogou_user');
if(!user){user='web-'+Math.random().toString(36).slice(2,10);localStorage.setItem('daogou_user',user);}
const log=document.getElementById('log');
function add(text,cls,meta){const d=document.createElement('div');d.className='msg '+cls;d.textContent=text;
if(meta){const m=document.createElement('div');m.className='meta';m.textContent=meta;d.appendChild(m);}log.appendChild(d);d.scrollIntoView();}
document.getElementById('f').addEventListener('submit',async e=>{e.preventDefault();const q=document.getElementById('q');const text=q.value.trim();if(!text)return;q.value='';add(text,'me');
try{const r=await fetch('/api/chat',{method:'POST',headers:{'content-type':'application/json',...(token?{authorization:'Bearer '+token}:{})},body:JSON.stringify({user,text})});
const j=await r.json();if(!r.ok){add('出错了：'+(j.message||r.status),'bot');return;}
add(j.answer,'bot',j.intent+' · '+j.mode+' · '+j.latency_ms+'ms'+(j.declined?' · 未找到依据':''));}catch(err){add('网络错误：'+err,'bot');}});
</script></body></html>`;
}
