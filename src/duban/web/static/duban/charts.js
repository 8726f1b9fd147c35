// Draws the overview's charts from the JSON island #chart-data with ECharts (served from our own
// static files: government networks are often offline). The page only holds a chart's box when
// the data has something to say (publish/dashboard.py); a box without data is left alone.
(function () {
  const island = document.getElementById("chart-data");
  if (!island || !window.echarts) return;
  const data = JSON.parse(island.textContent);
  const colors = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" };
  const names = { green: "绿灯", yellow: "黄灯", red: "红灯" };
  const BAR = 28; // px per bar of a horizontal chart, so 26 units get room instead of being squeezed
  const charts = [];

  // ``option`` may be a function of the box's width, asked again whenever the box is resized.
  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const made = typeof option === "function" ? option : () => option;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false }, made(el.clientWidth)));
    charts.push({ chart, el, made });
    el.dataset.drawn = "1";
  }

  // The legend sits above the plot and the grid starts below it, so it never covers a bar.
  const legend = { top: 0, left: "center", itemWidth: 14, itemHeight: 10 };

  function bars(id, block) {
    const el = document.getElementById(id);
    if (!el || !block) return;
    el.style.height = Math.max(220, block.names.length * BAR + 70) + "px";
    const series = ["green", "yellow", "red"].map((k) => ({
      name: names[k], type: "bar", stack: "all", data: block[k], itemStyle: { color: colors[k] },
      barMaxWidth: 22,
    }));
    // Labels get at most a third of a narrow box, so the bars keep room on a phone.
    draw(id, (width) => ({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend, series,
      grid: { top: 34, left: 4, right: 16, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category", inverse: true, data: block.names,
        axisLabel: { width: width < 520 ? Math.round(width / 3) : 240, overflow: "truncate", interval: 0 },
      },
    }));
  }

  if (data.lights) {
    draw("chart-lights", {
      tooltip: {}, legend,
      series: [{
        type: "pie", radius: ["40%", "62%"], top: 24,
        label: { formatter: "{b} {c}" },
        data: ["green", "yellow", "red"].map((k) => ({ name: names[k], value: data.lights[k], itemStyle: { color: colors[k] } })),
      }],
    });
  }
  bars("chart-sections", data.sections);
  bars("chart-departments", data.departments);
  if (data.trend) {
    draw("chart-trend", {
      tooltip: { trigger: "axis" }, legend,
      grid: { top: 34, left: 4, right: 16, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: data.trend.map((p) => p.label) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "完成率", type: "line", data: data.trend.map((p) => p.completion), itemStyle: { color: "#1565c0" } },
        { name: "序时进度", type: "line", data: data.trend.map((p) => p.time_progress), lineStyle: { type: "dashed" }, itemStyle: { color: "#888" } },
      ],
    });
  }
  const redraw = () => charts.forEach(({ chart, el, made }) => {
    chart.setOption(made(el.clientWidth));
    chart.resize();
  });
  window.addEventListener("resize", redraw);
  // Printing lays the page out at paper width: draw the charts again at that size, and back.
  window.matchMedia("print").addEventListener("change", redraw);
  window.addEventListener("afterprint", redraw);
})();
