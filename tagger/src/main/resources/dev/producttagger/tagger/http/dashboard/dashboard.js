// The tagger's live dashboard: polls /api/stats and /api/review every second and renders them.
// Every number goes into its own element with a data-testid, formatted by the functions in
// `format`, so a test can read the page and compare it with the API. Seller-supplied text (product
// ids) is only ever set as textContent, never parsed as HTML.
"use strict";

const POLL_MILLIS = 1000;
const HISTORY_POINTS = 300; // five minutes of one-second polls
const WINDOW_LABELS = { "1m": "last minute", sinceStart: "since start" };
const PNG_DATA_URL = "data:image/png;base64,";

const format = {
  count: (n) => String(n),
  percent: (ratio) => (ratio * 100).toFixed(1),
  accuracy: (ratio) => (ratio * 100).toFixed(2),
  perSecond: (x) => x.toFixed(2),
  millis: (n) => String(n),
  ratio: (x) => x.toFixed(3),
};

const charts = typeof Chart === "undefined" ? null : createCharts();

function byTestId(id, scope = document) {
  return scope.querySelector(`[data-testid="${CSS.escape(id)}"]`);
}

function setText(id, text) {
  const element = byTestId(id);
  if (element) {
    element.textContent = text;
  }
}

function element(tag, attributes = {}, text) {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    created.setAttribute(name, value);
  }
  if (text !== undefined) {
    created.textContent = text;
  }
  return created;
}

/** The row for `key`, created once with a label cell and one cell per test id. */
function row(tbody, key, label, testIds) {
  let existing = tbody.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
  if (!existing) {
    existing = element("tr", { "data-key": key });
    existing.append(element("td", {}, label));
    for (const id of testIds) {
      existing.append(element("td", { "data-testid": id }, "–"));
    }
    tbody.append(existing);
  }
  return existing;
}

function createCharts() {
  const common = { animation: false, maintainAspectRatio: false, responsive: true };
  const line = (label, color) => ({ label, data: [], borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0.2 });
  return {
    categories: new Chart(document.getElementById("category-chart"), {
      type: "bar",
      data: { labels: [], datasets: [{ label: "outputs", data: [], backgroundColor: "#2b6cb0" }] },
      options: { ...common, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    throughput: new Chart(document.getElementById("throughput-chart"), {
      type: "line",
      data: { labels: [], datasets: [line("outputs/s", "#2b6cb0")] },
      options: { ...common, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    }),
    latency: new Chart(document.getElementById("latency-chart"), {
      type: "line",
      data: { labels: [], datasets: [line("p50", "#38a169"), line("p90", "#d69e2e"), line("p99", "#c53030")] },
      options: { ...common, scales: { y: { beginAtZero: true } } },
    }),
  };
}

function renderWindows(windows) {
  const total = windows.find((w) => w.name === "sinceStart");
  setText("total-outputs", format.count(total.outputs));
  setText("total-tagged", format.count(total.tagged));
  setText("total-review", format.count(total.review));
  setText("total-review-rate", format.percent(total.reviewRate));

  const table = document.getElementById("windows");
  const body = table.tBodies[0];
  for (const category of total.categories) {
    row(body, String(category.index), category.name, windows.map((w) => `window-${w.name}-category-${category.index}`));
  }
  const foot = table.tFoot;
  row(foot, "outputs", "all categories", windows.map((w) => `window-${w.name}-outputs`));
  row(foot, "review", "sent to review", windows.map((w) => `window-${w.name}-review`));
  row(foot, "review-rate", "low-confidence %", windows.map((w) => `window-${w.name}-review-rate`));
  for (const window of windows) {
    for (const category of window.categories) {
      setText(`window-${window.name}-category-${category.index}`, format.count(category.outputs));
    }
    setText(`window-${window.name}-outputs`, format.count(window.outputs));
    setText(`window-${window.name}-review`, format.count(window.review));
    setText(`window-${window.name}-review-rate`, format.percent(window.reviewRate));
  }

  renderCategoryChart(windows);
}

/** The bar chart shows the window chosen in the page's selector. */
function renderCategoryChart(windows) {
  if (!charts) {
    return;
  }
  const chosenName = document.getElementById("category-window").value;
  const chosen = windows.find((w) => w.name === chosenName) || windows[windows.length - 1];
  charts.categories.data.labels = chosen.categories.map((c) => c.name);
  charts.categories.data.datasets[0].data = chosen.categories.map((c) => c.outputs);
  charts.categories.update();
}

function renderLatency(latencies, time) {
  const body = document.querySelector("#latency tbody");
  for (const latency of latencies) {
    const label = WINDOW_LABELS[latency.name] || latency.name;
    const fields = ["count", "p50", "p90", "p99", "max"];
    row(body, latency.name, label, fields.map((f) => `latency-${latency.name}-${f}`));
    for (const field of fields) {
      setText(`latency-${latency.name}-${field}`, format.millis(latency[field]));
    }
  }
  const recent = latencies.find((l) => l.name === "1m");
  if (charts && recent) {
    push(charts.latency, time, [recent.p50, recent.p90, recent.p99]);
  }
}

function renderThroughput(throughput, time) {
  setText("throughput-last10s", format.perSecond(throughput.last10s));
  setText("throughput-sinceStart", format.perSecond(throughput.sinceStart));
  if (charts) {
    push(charts.throughput, time, [throughput.last10s]);
  }
}

/** Appends one point per dataset, keeping the last HISTORY_POINTS. */
function push(chart, label, values) {
  chart.data.labels.push(label);
  values.forEach((value, i) => chart.data.datasets[i].data.push(value));
  if (chart.data.labels.length > HISTORY_POINTS) {
    chart.data.labels.shift();
    chart.data.datasets.forEach((dataset) => dataset.data.shift());
  }
  chart.update();
}

function renderCounts(tableId, testIdPrefix, counts) {
  const body = document.querySelector(`#${tableId} tbody`);
  for (const [reason, count] of Object.entries(counts)) {
    row(body, reason, reason, [`${testIdPrefix}-${reason}`]);
    setText(`${testIdPrefix}-${reason}`, format.count(count));
  }
}

function renderModel(model) {
  document.getElementById("no-model").hidden = Boolean(model);
  document.getElementById("model").hidden = !model;
  document.getElementById("per-class").hidden = !model;
  document.getElementById("model-headline").textContent = model ? `${model.name} v${model.version}` : "none yet";
  if (!model) {
    return;
  }
  setText("model-name", model.name);
  setText("model-version", format.count(model.version));
  setText("model-architecture", model.architecture);
  setText("model-sha256", model.sha256);
  setText("model-test-accuracy", format.accuracy(model.testAccuracy));
  setText("model-validation-accuracy", model.validationAccuracy === undefined ? "–" : format.accuracy(model.validationAccuracy));
  setText("model-review-threshold", model.reviewThreshold === undefined ? "–" : format.ratio(model.reviewThreshold));
  const body = document.querySelector("#per-class tbody");
  model.perClass.forEach((metrics, i) => {
    const fields = ["precision", "recall", "f1", "support"];
    row(body, String(i), metrics.className, fields.map((f) => `model-class-${i}-${f}`));
    for (const field of fields) {
      const value = metrics[field];
      setText(`model-class-${i}-${field}`, field === "support" ? format.count(value) : format.ratio(value));
    }
  });
}

/** The shadow model beside the serving one: agreement, and accuracy on reviewers' decisions. */
function renderShadow(shadow, decisions) {
  setText("decisions-tagged", format.count(decisions.tagged));
  setText("decisions-rejected", format.count(decisions.rejected));
  document.getElementById("no-shadow").hidden = Boolean(shadow);
  document.getElementById("shadow").hidden = !shadow;
  if (!shadow) {
    return;
  }
  setText("shadow-name", `${shadow.shadow.name} v${shadow.shadow.version}`);
  setText("shadow-compared", format.count(shadow.compared));
  setText("shadow-agreement", format.percent(shadow.agreement));
  setText("shadow-decided", format.count(shadow.decided));
  const accuracy = (correct) => (shadow.decided === 0 ? "–" : format.percent(correct / shadow.decided));
  setText("shadow-serving-accuracy", accuracy(shadow.servingCorrect));
  setText("shadow-shadow-accuracy", accuracy(shadow.shadowCorrect));
  const body = document.querySelector("#shadow-per-class tbody");
  for (const c of shadow.perClass) {
    const fields = ["decided", "servingCorrect", "shadowCorrect"];
    row(body, String(c.index), c.name, fields.map((f) => `shadow-class-${c.index}-${f}`));
    for (const field of fields) {
      setText(`shadow-class-${c.index}-${field}`, format.count(c[field]));
    }
  }
}

function renderReviewItems(items) {
  const list = document.getElementById("review-items");
  const rendered = items.map((item) => {
    const entry = element("li", { class: "review-item", "data-testid": "review-item" });
    const image = element("img", { "data-testid": "review-item-thumbnail", alt: "the 28x28 image the model saw", width: "112", height: "112" });
    if (item.thumbnail.startsWith(PNG_DATA_URL)) {
      image.src = item.thumbnail;
    }
    const details = element("div");
    details.append(element("div", { class: "product", "data-testid": "review-item-product" }, item.productId));
    const confidence = element("div", { class: "confidence" }, "confidence ");
    confidence.append(element("span", { "data-testid": "review-item-confidence" }, format.percent(item.confidence)), " % (threshold ");
    confidence.append(element("span", { "data-testid": "review-item-threshold" }, format.ratio(item.threshold)), ")");
    const guesses = element("ol");
    for (const guess of item.top) {
      const line = element("li");
      line.append(element("span", { "data-testid": "review-item-guess-name" }, guess.name), " ");
      line.append(element("span", { "data-testid": "review-item-guess-probability" }, format.percent(guess.probability)), " %");
      guesses.append(line);
    }
    details.append(confidence, guesses);
    entry.append(image, details);
    return entry;
  });
  list.replaceChildren(...rendered);
}

function setConnection(state, text) {
  const connection = document.getElementById("connection");
  connection.dataset.state = state;
  connection.textContent = text;
}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response.json();
}

let latestWindows = null;

async function refresh() {
  try {
    const [stats, reviewItems] = await Promise.all([getJson("api/stats"), getJson("api/review")]);
    latestWindows = stats.windows;
    const time = new Date(stats.generatedAt).toLocaleTimeString();
    document.getElementById("generated-at").textContent = time;
    renderWindows(stats.windows);
    renderThroughput(stats.throughput, time);
    renderLatency(stats.latencyMillis, time);
    setText("rejections-total", format.count(stats.rejections.total));
    renderCounts("rejections", "rejections", stats.rejections.byReason);
    setText("bundles-accepted", format.count(stats.modelBundles.accepted));
    renderCounts("bundle-rejections", "bundles-rejected", stats.modelBundles.rejectedByReason);
    renderModel(stats.model);
    renderShadow(stats.shadow, stats.reviewDecisions);
    renderReviewItems(reviewItems);
    setConnection("live", "live");
  } catch (error) {
    setConnection("offline", `offline (${error.message})`);
  }
}

async function poll() {
  await refresh();
  setTimeout(poll, POLL_MILLIS);
}

document.getElementById("category-window").addEventListener("change", () => {
  if (latestWindows) {
    renderCategoryChart(latestWindows);
  }
});
poll();
