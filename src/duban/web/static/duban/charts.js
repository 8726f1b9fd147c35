// Draws the overview's charts from the JSON island #chart-data with ECharts (served from our own
// static files: government networks are often offline).
(function () {
  const island = document.getElementById("chart-data");
  if (!island || !window.echarts) return;
  const data = JSON.parse(island.textContent);
  const colors = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" };
  const names = { green: "绿灯", yellow: "黄灯", red: "红灯" };
  const charts = [];

  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false }, option));
    charts.push(chart);
    el.dataset.drawn = "1";
  }

  function stacked(block, horizontal) {
    const series = ["green", "yellow", "red"].map((k) => ({
      name: names[k], type: "bar", stack: "all", data: block[k], itemStyle: { color: colors[k] },
    }));
    const category = { type: "category", data: block.names, axisLabel: { width: 160, overflow: "truncate" } };
    const value = { type: "value", minInterval: 1 };
    return {
      tooltip: { trigger: "axis" }, legend: {}, series,
      grid: { left: horizontal ? 170 : 40, right: 20, bottom: horizontal ? 20 : 80, containLabel: false },
      xAxis: horizontal ? value : Object.assign({}, category, { axisLabel: { rotate: 30, width: 120, overflow: "truncate" } }),
      yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
    };
  }

  draw("chart-lights", {
    tooltip: {},
    series: [{
      type: "pie", radius: ["45%", "70%"],
      data: ["green", "yellow", "red"].map((k) => ({ name: names[k], value: data.lights[k], itemStyle: { color: colors[k] } })),
    }],
  });
  draw("chart-sections", stacked(data.sections, true));
  draw("chart-departments", stacked(data.departments, true));
  draw("chart-trend", {
    tooltip: { trigger: "axis" }, legend: {},
    xAxis: { type: "category", data: data.trend.map((p) => p.label) },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: "完成率", type: "line", data: data.trend.map((p) => p.completion), itemStyle: { color: "#1565c0" } },
      { name: "序时进度", type: "line", data: data.trend.map((p) => p.time_progress), lineStyle: { type: "dashed" }, itemStyle: { color: "#888" } },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
