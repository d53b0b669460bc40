// Six months of each KPI as a line against its target (ECharts, vendored; data from json_script).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("kpi-trend");
    if (!source || !window.echarts) { return; }
    var trend = JSON.parse(source.textContent);
    var charts = [];
    trend.series.forEach(function (series) {
      var box = document.getElementById("chart-" + series.clause);
      if (!box) { return; }
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      var percent = function (v) { return v === null ? null : Math.round(v * 10000) / 100; };
      var option = {
        grid: { left: 40, right: 12, top: 12, bottom: 24 },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
        xAxis: { type: "category", data: trend.months.map(function (m) { return m.slice(2); }) },
        yAxis: { type: "value", axisLabel: { formatter: "{value}%" }, scale: true },
        series: [{
          name: series.name, type: "line", connectNulls: false, symbolSize: 6,
          data: series.values.map(percent),
          markLine: series.target === null ? undefined : {
            silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#c62828" },
            label: { formatter: "{c}%" }, data: [{ yAxis: percent(series.target) }]
          }
        }]
      };
      chart.setOption(option);
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
