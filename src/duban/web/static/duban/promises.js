// Draws the 兑现核查 page's charts from the JSON island #promise-chart with our own ECharts copy.
(function () {
  const island = document.getElementById("promise-chart");
  if (!island || !window.echarts) return;
  const data = JSON.parse(island.textContent);
  const colors = { "超额完成": "#1b5e20", "完成": "#43a047", "基本完成": "#f9a825", "未完成": "#c62828", "无法核实": "#9e9e9e" };
  const charts = [];
  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false }, option));
    charts.push(chart);
    el.dataset.drawn = "1";
  }
  const names = Object.keys(data.verdicts);
  draw("chart-verdicts", {
    tooltip: {},
    grid: { left: 80, right: 30, top: 10, bottom: 30 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: names },
    series: [{ type: "bar", label: { show: true, position: "right" },
      data: names.map((n) => ({ value: data.verdicts[n], itemStyle: { color: colors[n] } })) }],
  });
  const ind = data.indicators;
  draw("chart-indicators", {
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "未提及" : v + "%") },
    legend: {},
    grid: { left: 40, right: 20, bottom: 90 },
    xAxis: { type: "category", data: ind.map((i) => i.name), axisLabel: { rotate: 35, width: 110, overflow: "truncate" } },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: [
      { name: "目标", type: "bar", data: ind.map((i) => i.target), itemStyle: { color: "#90a4ae" } },
      { name: "完成", type: "bar", data: ind.map((i) => i.actual), itemStyle: { color: "#1565c0" } },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
