// Draws the benchmark's charts from the page's data (the JSON in <script id="charts-data">) as SVG:
// one horizontal bar per row at the median of its runs, a whisker from the lowest run to the highest,
// a dot per run, and an x axis from 0 with ticks and the unit. Each <figure> gets data-drawn (the bars
// drawn with a length) and the body data-rendered ("ok", or the error), for the report's browser test.
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var LABEL_WIDTH = 200, PLOT_WIDTH = 380, ROW = 24, TOP = 8, AXIS = 40, RIGHT = 70;

  function el(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  // 0 to a round number at or above max, in 4 to 6 steps of 1, 2 or 5 times a power of ten.
  function ticks(max) {
    if (!(max > 0)) max = 1;
    var raw = max / 5, power = Math.pow(10, Math.floor(Math.log10(raw))), step = power;
    [1, 2, 5, 10].some(function (m) { step = m * power; return step >= raw; });
    var out = [];
    for (var v = 0; v <= max + step * 1e-9 || out.length < 2; v += step) out.push(Number(v.toPrecision(12)));
    if (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
    return out;
  }

  function format(v) {
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  function draw(figure, chart) {
    var rows = chart.rows.filter(function (r) { return r.values.length > 0; });
    var max = 0;
    rows.forEach(function (r) { r.values.forEach(function (v) { max = Math.max(max, v); }); });
    var scale = ticks(max), top = scale[scale.length - 1];
    var x = function (v) { return LABEL_WIDTH + v / top * PLOT_WIDTH; };
    var height = TOP + rows.length * ROW + AXIS;
    var svg = el("svg", {width: LABEL_WIDTH + PLOT_WIDTH + RIGHT, height: height, role: "img"});
    var axisY = TOP + rows.length * ROW;
    var axis = el("g", {"class": "axis"});
    scale.forEach(function (t) {
      axis.appendChild(el("line", {"class": "tick", x1: x(t), x2: x(t), y1: TOP, y2: axisY + 4}));
      axis.appendChild(el("text", {"class": "tick-label", x: x(t), y: axisY + 16, "text-anchor": "middle"},
          Number.isInteger(t) ? String(t) : String(Number(t.toPrecision(3)))));
    });
    axis.appendChild(el("line", {"class": "baseline", x1: x(0), x2: x(top), y1: axisY, y2: axisY}));
    axis.appendChild(el("text", {"class": "unit", x: x(top / 2), y: axisY + 34, "text-anchor": "middle"}, chart.unit));
    svg.appendChild(axis);
    var drawn = 0;
    rows.forEach(function (r, i) {
      var y = TOP + i * ROW, mid = y + ROW / 2, value = median(r.values);
      var lo = Math.min.apply(null, r.values), hi = Math.max.apply(null, r.values);
      svg.appendChild(el("text", {"class": "row-label", x: LABEL_WIDTH - 8, y: mid + 4, "text-anchor": "end"}, r.label));
      var width = Math.max(0, x(value) - x(0));
      svg.appendChild(el("rect", {"class": "bar " + (r.kind || ""), x: x(0), y: y + 4, width: width, height: ROW - 8}));
      if (width > 0) drawn++;
      if (r.values.length > 1) {
        svg.appendChild(el("line", {"class": "whisker", x1: x(lo), x2: x(hi), y1: mid, y2: mid}));
        [lo, hi].forEach(function (v) { svg.appendChild(el("line", {"class": "whisker", x1: x(v), x2: x(v), y1: mid - 5, y2: mid + 5})); });
      }
      r.values.forEach(function (v) { svg.appendChild(el("circle", {"class": "run", cx: x(v), cy: mid, r: 2.5})); });
      svg.appendChild(el("text", {"class": "value", x: x(Math.max(value, hi)) + 6, y: mid + 4}, format(value)));
    });
    figure.appendChild(svg);
    figure.setAttribute("data-drawn", String(drawn));
    figure.setAttribute("data-rows", String(rows.length));
  }

  try {
    var data = JSON.parse(document.getElementById("charts-data").textContent);
    data.charts.forEach(function (chart) {
      var figure = document.getElementById(chart.id);
      draw(figure, chart);
    });
    document.body.setAttribute("data-rendered", "ok");
  } catch (e) {
    document.body.setAttribute("data-rendered", "error: " + e);
  }
})();
