// Draws the cascade page's chart from the JSON island #cascade-data with ECharts (our own static
// files): per headline indicator given in percent, the parent's target as a line and each child
// government's target as a bar; indicators in other units are in the table only.
(function () {
  const island = document.getElementById("cascade-data");
  const el = document.getElementById("chart-cascade");
  if (!island || !el || !window.echarts) return;
  const data = JSON.parse(island.textContent).indicators.filter((i) => i.unit === "%");
  if (!data.length) { el.style.display = "none"; return; }
  const children = data[0].names;
  const series = children.map((name, k) => ({
    name, type: "bar", data: data.map((i) => i.values[k]),
  }));
  series.push({
    name: "上级目标", type: "line", data: data.map((i) => i.parent), symbol: "diamond", symbolSize: 12,
    lineStyle: { type: "dashed" }, itemStyle: { color: "#c62828" },
  });
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 },
    grid: { left: 50, right: 20, top: 50, bottom: 110 },
    xAxis: { type: "category", data: data.map((i) => i.metric), axisLabel: { rotate: 30, width: 110, overflow: "truncate" } },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series,
  });
  el.dataset.drawn = "1";
  window.addEventListener("resize", () => chart.resize());
})();
