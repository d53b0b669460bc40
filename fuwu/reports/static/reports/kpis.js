// Six months of each KPI as a line against its target (ECharts, vendored; data from json_script).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("kpi-trend");
    if (!source || !window.echarts) { return; }
    var trend = JSON.parse(source.textContent);
    var words = document.getElementById("kpi-chart-words");
    var targetWord = words ? words.dataset.target : "";
    var charts = [];
    trend.series.forEach(function (series) {
      var box = document.getElementById("chart-" + series.clause);
      if (!box) { return; }
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      var percent = function (v) { return v === null ? null : Math.round(v * 10000) / 100; };
      var values = series.values.map(percent);
      var target = percent(series.target);
      var shown = values.filter(function (v) { return v !== null; });
      if (target !== null) { shown.push(target); }
      var low = shown.length ? Math.min.apply(null, shown) : 0;
      var high = shown.length ? Math.max.apply(null, shown) : 100;
      var pad = Math.max((high - low) * 0.15, 0.5);
      var step = high - low > 10 ? 5 : 1;
      var option = {
        grid: { left: 44, right: 12, top: 16, bottom: 24 },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
        xAxis: { type: "category", data: trend.months.map(function (m) { return m.slice(2); }) },
        // The range always includes the target, so its dashed line is on the chart.
        yAxis: { type: "value", axisLabel: { formatter: "{value}%" },
                 min: Math.max(0, Math.floor((low - pad) / step) * step),
                 max: Math.min(100, Math.ceil((high + pad) / step) * step) },
        series: [{
          name: series.name, type: "line", connectNulls: false, symbolSize: 6,
          data: values,
          markLine: target === null ? undefined : {
            silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#c62828" },
            label: { position: "insideStartTop", color: "#c62828", formatter: targetWord + " " + target + "%" },
            data: [{ yAxis: target }]
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
