/**
 * The console's browser script (served as /console/assets/console.js; the CSP allows no
 * inline scripts). It draws the ECharts charts from the data routes, ticks SLA countdowns
 * and follows open quizzes live.
 */
export const CONSOLE_JS = String.raw`(function(){
'use strict';
var charts=[];
var BLUE='#1456f0',GREEN='#2ea121',RED='#d83931',ORANGE='#f80',GREY='#8f959e';
function chart(el,opt){if(!window.echarts||!el)return;var c=echarts.init(el,null,{renderer:'canvas'});c.setOption(opt);charts.push(c);return c;}
window.addEventListener('resize',function(){charts.forEach(function(c){c.resize();});});
var grid={left:36,right:12,top:28,bottom:28,containLabel:true};
function empty(list){return !list||list.every(function(v){return !v;});}
function emptyTitle(list){return empty(list)?{text:'暂无数据',left:'center',top:'middle',textStyle:{color:GREY,fontSize:14,fontWeight:'normal'}}:undefined;}
function overview(root){
  fetch(root.getAttribute('data-src'),{credentials:'same-origin',headers:{accept:'application/json'}}).then(function(r){return r.json();}).then(function(d){
    var q=function(n){return root.querySelector('[data-chart="'+n+'"]');};
    chart(q('questions'),{color:[BLUE],title:emptyTitle(d.questions),tooltip:{trigger:'axis'},grid:grid,xAxis:{type:'category',data:d.dates},yAxis:{type:'value',minInterval:1},series:[{name:'提问',type:'line',smooth:true,areaStyle:{opacity:.12},data:d.questions}]});
    chart(q('answered'),{color:[GREEN,GREY],title:emptyTitle(d.questions),tooltip:{trigger:'axis'},legend:{top:0},grid:grid,xAxis:{type:'category',data:d.dates},yAxis:{type:'value',minInterval:1},series:[{name:'已回答',type:'bar',stack:'a',data:d.answered},{name:'未能回答',type:'bar',stack:'a',data:d.declined}]});
    chart(q('votes'),{color:[GREEN,RED],title:emptyTitle(d.up.concat(d.down)),tooltip:{trigger:'axis'},legend:{top:0},grid:grid,xAxis:{type:'category',data:d.dates},yAxis:{type:'value',minInterval:1},series:[{name:'👍 有用',type:'bar',data:d.up},{name:'👎 没帮助',type:'bar',data:d.down}]});
    var sla=d.sla.filter(function(s){return s.count>0;}).map(function(s){return {name:s.label,value:s.count};});
    chart(q('sla'),{color:[GREEN,ORANGE,RED,'#7f3bf5'],title:emptyTitle(d.sla.map(function(s){return s.count;})),tooltip:{trigger:'item'},legend:{bottom:0},series:[{type:'pie',radius:['38%','64%'],center:['50%','45%'],label:{formatter:'{b}\n{c}'},data:sla}]});
    chart(q('quizzes'),{color:[BLUE],title:emptyTitle(d.quizzes.map(function(x){return x.passRate;}).concat(d.quizzes.length?[1]:[])),tooltip:{trigger:'axis',valueFormatter:function(v){return v+'%';}},grid:grid,xAxis:{type:'category',data:d.quizzes.map(function(x){return x.title;}),axisLabel:{interval:0,width:80,overflow:'truncate'}},yAxis:{type:'value',max:100,axisLabel:{formatter:'{value}%'}},series:[{name:'通过率',type:'bar',data:d.quizzes.map(function(x){return Math.round(x.passRate*100);})}]});
  });
}
function radars(){
  document.querySelectorAll('[data-radar]').forEach(function(el){
    var d=JSON.parse(el.getAttribute('data-radar'));
    chart(el,{color:[BLUE],tooltip:{},radar:{radius:'62%',indicator:d.map(function(s){return {name:s.skill,max:100};})},series:[{type:'radar',areaStyle:{opacity:.2},data:[{name:'近期得分',value:d.map(function(s){return s.score==null?0:s.score;})}]}]});
  });
}
function pad(n){return n<10?'0'+n:''+n;}
function countdowns(){
  var els=document.querySelectorAll('[data-due]');
  if(!els.length)return;
  var nowEl=document.querySelector('[data-now]');var skew=nowEl?Number(nowEl.getAttribute('data-now'))-Date.now():0;
  function tick(){
    var now=Date.now()+skew;
    els.forEach(function(el){
      var left=Number(el.getAttribute('data-due'))-now,abs=Math.abs(left);
      var hh=Math.floor(abs/3600000),mm=Math.floor(abs%3600000/60000),ss=Math.floor(abs%60000/1000);
      var t=(hh?hh+' 小时 ':'')+pad(mm)+' 分 '+pad(ss)+' 秒';
      el.textContent=left>=0?'剩余 '+t:'已超时 '+t;
      el.className='pill '+(left<0?'red':left<3600000?'orange':'green');
    });
  }
  tick();setInterval(tick,1000);
}
function live(){
  document.querySelectorAll('[data-live]').forEach(function(el){
    function poll(){
      fetch(el.getAttribute('data-live'),{credentials:'same-origin'}).then(function(r){return r.ok?r.json():null;}).then(function(d){
        if(!d)return;
        el.querySelectorAll('[data-field]').forEach(function(f){var k=f.getAttribute('data-field');if(k in d)f.textContent=d[k];});
      }).catch(function(){});
    }
    setInterval(poll,5000);
  });
}
var root=document.getElementById('charts');
if(root)overview(root);
radars();countdowns();live();
})();`;
