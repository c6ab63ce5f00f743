// The review queue: keyboard first. Digits choose a category (1-9, then 0 for the tenth), Enter
// decides, s skips to the next request, x rejects the item; a click on a category decides at once.
'use strict';

const POLL_MS = 3000;
const CREDENTIALS = 'producttagger.reviewer';

const state = {
  authorization: null,
  reviewerId: null,
  categories: [],
  items: [],
  skipped: new Set(),
  decided: new Set(),
  selected: null,
  busy: false,
};

const $ = (id) => document.getElementById(id);

function current() {
  return state.items.find((item) => !state.skipped.has(item.eventId) && !state.decided.has(item.eventId))
    || state.items.find((item) => !state.decided.has(item.eventId))
    || null;
}

function pendingCount() {
  return state.items.filter((item) => !state.decided.has(item.eventId)).length;
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.authorization) headers.Authorization = state.authorization;
  const response = await fetch(path, Object.assign({}, options, { headers, cache: 'no-store' }));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { status: response.status, body };
}

async function signIn(id, token) {
  state.authorization = 'Bearer ' + id + ':' + token;
  const answer = await api('/api/reviews/me');
  if (answer.status !== 200) {
    state.authorization = null;
    throw new Error(answer.body && answer.body.error ? answer.body.error : 'sign-in failed (' + answer.status + ')');
  }
  state.reviewerId = answer.body.reviewerId;
  sessionStorage.setItem(CREDENTIALS, JSON.stringify({ id, token }));
  $('reviewer').textContent = 'signed in as ' + state.reviewerId;
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  // The hidden form's field would otherwise keep the focus and swallow the review keys.
  if (document.activeElement) document.activeElement.blur();
  await refresh();
}

async function refresh() {
  const answer = await api('/api/reviews/pending?limit=100');
  if (answer.status !== 200) {
    setStatus('queue unavailable: ' + (answer.body ? answer.body.error : answer.status));
    return;
  }
  state.categories = answer.body.categories;
  const listed = new Set(answer.body.items.map((item) => item.eventId));
  // A decision leaves the queue once the tagger has processed it; until then it stays hidden here.
  state.decided.forEach((eventId) => { if (!listed.has(eventId)) state.decided.delete(eventId); });
  const shown = current();
  state.items = answer.body.items;
  if (!shown || !listed.has(shown.eventId) || state.selected === null) {
    const next = current();
    state.selected = next ? next.top[0].index : null;
  }
  render();
}

function render() {
  $('pending-count').textContent = String(pendingCount());
  const item = current();
  $('empty').hidden = item !== null;
  $('item').hidden = item === null;
  if (!item) return;
  $('item-image').src = item.image;
  // The original comes from the uploads topic; once retention removed it there is none to show.
  const photo = '/api/reviews/photo?partition=' + item.partition + '&offset=' + item.offset;
  if ($('item-photo').getAttribute('src') !== photo) {
    $('photo-figure').hidden = false;
    $('item-photo').src = photo;
  }
  document.querySelector('[data-testid=item-product]').textContent = item.productId;
  document.querySelector('[data-testid=item-seller]').textContent = item.sellerId;
  document.querySelector('[data-testid=item-model]').textContent = item.model.name + ' v' + item.model.version;
  document.querySelector('[data-testid=item-threshold]').textContent = item.threshold.toFixed(2);
  const guesses = $('guesses');
  guesses.replaceChildren(...item.top.map((guess) => {
    const li = document.createElement('li');
    li.textContent = guess.name + ' ' + (100 * guess.probability).toFixed(1) + ' %';
    return li;
  }));
  const choices = $('choices');
  choices.replaceChildren(...state.categories.map((name, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.index = String(index);
    button.setAttribute('aria-pressed', String(index === state.selected));
    button.innerHTML = '<kbd></kbd> ';
    button.querySelector('kbd').textContent = String((index + 1) % 10);
    button.append(name);
    button.addEventListener('click', () => { state.selected = index; decide({ category: index }); });
    return button;
  }));
}

function setStatus(text) {
  $('status').textContent = text;
}

async function decide(choice) {
  const item = current();
  if (!item || state.busy) return;
  state.busy = true;
  const body = Object.assign(
    { eventId: item.eventId, productId: item.productId, partition: item.partition, model: item.model },
    choice);
  try {
    const answer = await api('/api/reviews/decisions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (answer.status === 401) {
      signOut('signed out: ' + answer.body.error);
      return;
    }
    if (answer.status !== 202) {
      setStatus('not decided: ' + (answer.body ? answer.body.error : answer.status));
      return;
    }
    state.decided.add(item.eventId);
    const what = 'category' in choice ? state.categories[choice.category] : 'rejected';
    setStatus('decided ' + item.productId + ': ' + what);
    const next = current();
    state.selected = next ? next.top[0].index : null;
    render();
  } finally {
    state.busy = false;
  }
}

function signOut(message) {
  sessionStorage.removeItem(CREDENTIALS);
  state.authorization = null;
  $('desk').hidden = true;
  $('sign-in').hidden = false;
  $('reviewer').textContent = 'not signed in';
  $('sign-in-error').textContent = message || '';
}

function onKey(event) {
  if ($('desk').hidden || event.target.tagName === 'INPUT' || event.ctrlKey || event.metaKey || event.altKey) return;
  const item = current();
  if (!item) return;
  if (/^[0-9]$/.test(event.key)) {
    const index = (Number(event.key) + 9) % 10;
    if (index < state.categories.length) {
      state.selected = index;
      render();
    }
  } else if (event.key === 'Enter' && state.selected !== null) {
    decide({ category: state.selected });
  } else if (event.key === 's' || event.key === 'ArrowRight') {
    state.skipped.add(item.eventId);
    const next = current();
    state.selected = next ? next.top[0].index : null;
    render();
  } else if (event.key === 'x') {
    decide({ rejectReason: 'not a fashion item' });
  } else {
    return;
  }
  event.preventDefault();
}

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      await signIn($('reviewer-id').value.trim(), $('reviewer-token').value);
    } catch (e) {
      $('sign-in-error').textContent = e.message;
    }
  });
  document.addEventListener('keydown', onKey);
  $('item-photo').addEventListener('error', () => { $('photo-figure').hidden = true; });
  setInterval(() => { if (!$('desk').hidden) refresh(); }, POLL_MS);
  const saved = sessionStorage.getItem(CREDENTIALS);
  if (saved) {
    const { id, token } = JSON.parse(saved);
    signIn(id, token).catch((e) => signOut(e.message));
  }
});
