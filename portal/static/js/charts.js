// Draws the charts of the annual review from their data attributes (see portal/annual/charts.py).
// Each chart has a table with the same figures beside it: without this file nothing is lost.
(function () {
  "use strict";
  if (!window.Chart) return;

  const palette = ["#1f4e79", "#d9822b", "#2e7d32", "#8e44ad"];

  function formatter(spec) {
    if (spec.format === "currency") {
      return new Intl.NumberFormat(spec.locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
    }
    if (spec.format === "percent") {
      const number = new Intl.NumberFormat(spec.locale, { maximumFractionDigits: 1 });
      return { format: (value) => number.format(value) + " %" };
    }
    return new Intl.NumberFormat(spec.locale);
  }

  function barChart(canvas, spec) {
    const format = formatter(spec);
    const axis = spec.horizontal ? "x" : "y";
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((dataset, index) => ({
          label: dataset.label,
          data: dataset.data.map(Number),
          backgroundColor: palette[index % palette.length],
        })),
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        scales: { [axis]: { beginAtZero: true, ticks: { callback: (value) => format.format(value) } } },
        plugins: {
          tooltip: { callbacks: { label: (item) => item.dataset.label + ": " + format.format(item.raw) } },
        },
      },
    });
  }

  // The sixteen countries as a grid of tiles, darker where more was committed.
  const tileLabels = {
    id: "tileLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      chart.getDatasetMeta(0).data.forEach((element, index) => {
        const tile = chart.data.datasets[0].data[index];
        const centre = element.getCenterPoint();
        ctx.save();
        ctx.fillStyle = tile.share > 0.5 ? "#ffffff" : "#1b1b1b";
        ctx.font = "600 13px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(tile.code, centre.x, centre.y);
        ctx.restore();
      });
    },
  };

  function countryGrid(canvas, spec) {
    const format = formatter(spec);
    const max = Math.max(1, ...spec.tiles.map((tile) => Number(tile.v)));
    const tiles = spec.tiles.map((tile) => ({ ...tile, v: Number(tile.v), share: Number(tile.v) / max }));
    return new Chart(canvas, {
      type: "matrix",
      data: {
        datasets: [{
          label: spec.label,
          data: tiles,
          backgroundColor: (context) => {
            const tile = context.dataset.data[context.dataIndex];
            return tile && tile.v > 0 ? "rgba(31, 78, 121, " + (0.15 + 0.85 * tile.share) + ")" : "#eceff1";
          },
          borderColor: "#ffffff",
          borderWidth: 2,
          width: ({ chart }) => (chart.chartArea || {}).width / spec.columns - 4,
          height: ({ chart }) => (chart.chartArea || {}).height / spec.rows - 4,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => items[0].raw.name,
              label: (item) => spec.label + ": " + format.format(item.raw.v),
            },
          },
        },
        scales: {
          x: { type: "linear", min: -0.5, max: spec.columns - 0.5, display: false, offset: false },
          y: { type: "linear", min: -0.5, max: spec.rows - 0.5, reverse: true, display: false, offset: false },
        },
      },
      plugins: [tileLabels],
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = JSON.parse(canvas.dataset.chart);
      if (spec.type === "matrix") countryGrid(canvas, spec);
      else barChart(canvas, spec);
    });
  });
})();
