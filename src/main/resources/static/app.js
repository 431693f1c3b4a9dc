'use strict';
// The page talks only to the service's own API: /api/v1/limits, /api/v1/operators, .../apply, .../compare.

const $ = (id) => document.getElementById(id);
const state = { limits: null, operators: [], file: null, resultUrl: null, sourceUrl: null };

function megabytes(bytes) { return (bytes / (1024 * 1024)).toFixed(0) + ' MB'; }

async function loadLimits() {
  const response = await fetch('api/v1/limits');
  state.limits = await response.json();
  $('limits').textContent = `Up to ${megabytes(state.limits.maxBytes)} and ${(state.limits.maxPixels / 1e6).toFixed(0)} megapixels; `
    + 'PNG, JPEG, WebP, BMP or TIFF. Transparency is kept.';
}

async function loadOperators() {
  const response = await fetch('api/v1/operators');
  state.operators = await response.json();
  const select = $('operator');
  const selected = select.value;
  select.replaceChildren(...state.operators.map((op) => new Option(op.title + (op.model.available ? '' : ' (exact only)'), op.id)));
  if (selected) select.value = selected;
  showOperator();
  // Models load in the background after start-up: look again until they are ready.
  if (state.operators.some((op) => op.model.reason === 'models are still loading')) setTimeout(loadOperators, 2000);
}

function currentOperator() { return state.operators.find((op) => op.id === $('operator').value); }
function currentMode() { return document.querySelector('input[name=mode]:checked').value; }
function currentVariant(op) { return op.model.variants.find((v) => v.name === $('variant').value); }

function showOperator() {
  const op = currentOperator();
  if (!op) return;
  $('operator-description').textContent = op.description;
  // An operator may have several networks (variants); the choice is offered only when there is one to make.
  const variants = $('variant');
  const chosen = variants.value;
  variants.replaceChildren(...op.model.variants.map((v) =>
    new Option(v.name + (v.isDefault ? ' (default)' : '') + (v.available ? '' : ' (unavailable)'), v.name)));
  variants.value = op.model.variants.some((v) => v.name === chosen) ? chosen : op.model.variant;
  $('variant-choice').hidden = op.model.variants.length < 2;
  showVariant();
}

/**
 * The self-ensemble sizes the chosen network runs as; none in exact mode, and one pass only for a network whose input
 * is fixed to the pixel position (pencil drawing's texture).
 */
function showEnsembles(op) {
  const variant = currentVariant(op);
  const sizes = currentMode() === 'exact' || !variant ? [1] : variant.ensembles;
  const select = $('ensemble');
  for (const option of select.options) option.disabled = !sizes.includes(Number(option.value));
  if (!sizes.includes(Number(select.value))) select.value = '1';
  select.disabled = sizes.length < 2;
}

/**
 * Availability of the chosen network and the parameters the chosen mode takes. Compare runs one request in both
 * modes, so it takes what the network takes (the exact operator gets the same values).
 */
function showVariant() {
  const op = currentOperator();
  showAvailability();
  showEnsembles(op);
  const container = $('parameters');
  container.replaceChildren();
  if (currentMode() !== 'exact') {
    const variant = currentVariant(op);
    for (const p of (variant && variant.available ? variant.parameters : [])) container.append(strengthSlider(p));
    return;
  }
  for (const p of op.reference.parameters) {
    const id = 'param-' + p.name;
    const wrapper = document.createElement('div');
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = `${p.name} (${p.min} – ${p.max})`;
    const input = document.createElement('input');
    Object.assign(input, { id, type: 'number', name: p.name, value: p.defaultValue, min: p.min, max: p.max,
      step: p.integer ? 1 : 'any', title: p.description });
    input.dataset.defaultValue = p.defaultValue;
    const help = document.createElement('span');
    help.className = 'muted help';
    help.textContent = p.description;
    wrapper.append(label, input, help);
    container.append(wrapper);
  }
}

/**
 * A slider over the range a network was trained for (fast mode takes no other values): positions 0–100 map to
 * [min, max] linearly or, for a log-scale parameter, geometrically; the value sent is shown beside it.
 */
function strengthSlider(p) {
  const id = 'param-' + p.name;
  const wrapper = document.createElement('div');
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = `Strength: ${p.name} (${p.min} – ${p.max})`;
  const toValue = (position) => {
    const t = position / 100;
    const v = p.scale === 'log' ? p.min * Math.pow(p.max / p.min, t) : p.min + t * (p.max - p.min);
    return Number(v.toPrecision(3));
  };
  const toPosition = (value) => 100 * (p.scale === 'log' ? Math.log(value / p.min) / Math.log(p.max / p.min)
    : (value - p.min) / (p.max - p.min));
  const input = Object.assign(document.createElement('input'),
    { id, type: 'range', name: p.name, min: 0, max: 100, step: 1, value: Math.round(toPosition(p.defaultValue)) });
  const shown = document.createElement('output');
  shown.htmlFor = id;
  const update = () => {
    // The default position may round off the default: send nothing until the slider moves.
    input.dataset.value = input.dataset.moved ? toValue(Number(input.value)) : p.defaultValue;
    shown.textContent = input.dataset.value;
  };
  input.dataset.defaultValue = p.defaultValue;
  input.addEventListener('input', () => { input.dataset.moved = 'true'; update(); });
  update();
  wrapper.append(label, input, shown);
  return wrapper;
}

function showAvailability() {
  const variant = currentVariant(currentOperator());
  $('operator-availability').textContent = variant.available
    ? `Network available (model ${variant.version}).`
    : `Network unavailable: ${variant.reason}.`;
}

function chooseFile(file) {
  hideError();
  state.file = null;
  if (!file) { $('file-name').textContent = 'No photo chosen.'; return; }
  if (state.limits && file.size > state.limits.maxBytes) {
    showError(`“${file.name}” is ${megabytes(file.size)}; the limit is ${megabytes(state.limits.maxBytes)}. Choose a smaller photo.`);
    $('file-name').textContent = 'No photo chosen.';
    return;
  }
  state.file = file;
  $('file-name').textContent = `${file.name} (${(file.size / 1024).toFixed(0)} KB)`;
}

function changedParameters() {
  const params = new URLSearchParams();
  for (const input of $('parameters').querySelectorAll('input')) {
    // A strength slider carries the parameter's value in data-value; a number field in its value.
    const value = input.type === 'range' ? input.dataset.value : input.value;
    if (value !== '' && Number(value) !== Number(input.dataset.defaultValue)) params.set(input.name, value);
  }
  return params;
}

/** Problem+json in plain words; anything else by its status. */
async function describeFailure(response) {
  try {
    const problem = await response.json();
    if (problem.detail) return `${problem.title || 'Request failed'}: ${problem.detail}`;
  } catch (e) { /* not JSON */ }
  return `The service answered ${response.status} ${response.statusText}.`;
}

function parseServerTiming(header) {
  if (!header) return '';
  return header.split(',').map((part) => {
    const [name, ...fields] = part.trim().split(';');
    const dur = fields.find((f) => f.trim().startsWith('dur='));
    return dur ? `${name} ${Number(dur.trim().slice(4)).toFixed(0)} ms` : name;
  }).join(' · ');
}

async function run(event) {
  event.preventDefault();
  hideError();
  if (!state.file) { showError('Choose a photo first.'); $('file').focus(); return; }
  const op = currentOperator();
  const mode = currentMode();
  const variant = currentVariant(op);
  if (mode !== 'exact' && !variant.available) {
    showError(`The network for ${op.title} is not available (${variant.reason}). Choose “Exact”.`);
    return;
  }
  const params = changedParameters();
  if (mode !== 'exact' && variant.name !== op.model.variant) params.set('variant', variant.name);
  if (mode !== 'exact' && $('ensemble').value !== '1') params.set('ensemble', $('ensemble').value);
  const button = $('run');
  button.disabled = true;
  $('status').textContent = 'Processing…';
  try {
    if (mode === 'compare') {
      await runCompare(op, params, variant);
    } else {
      await runApply(op, mode, params, variant);
    }
    $('status').textContent = 'Done.';
  } catch (e) {
    $('status').textContent = '';
    showError(e.message || 'The request could not be sent. Is the service running?');
  } finally {
    button.disabled = false;
  }
}

async function post(url) {
  return fetch(url, { method: 'POST', body: state.file,
    headers: { 'Content-Type': state.file.type || 'application/octet-stream' } });
}

async function runApply(op, mode, params, variant) {
  params.set('mode', mode);
  params.set('format', $('format').value);
  const response = await post(`api/v1/operators/${encodeURIComponent(op.id)}/apply?${params}`);
  if (!response.ok) throw new Error(await describeFailure(response));
  const blob = await response.blob();
  if (state.resultUrl) URL.revokeObjectURL(state.resultUrl);
  if (state.sourceUrl) URL.revokeObjectURL(state.sourceUrl);
  state.resultUrl = URL.createObjectURL(blob);
  state.sourceUrl = URL.createObjectURL(state.file);
  $('before').src = state.sourceUrl;
  $('after').src = state.resultUrl;
  $('download').href = state.resultUrl;
  $('download').download = `${op.id}.${$('format').value === 'jpeg' ? 'jpg' : $('format').value}`;
  // Which network ran matters for its time: a guided filter variant is far faster than the full-resolution CAN.
  const who = mode === 'fast'
    ? `Network (${networkLabel(variant.name, response.headers.get('X-Model-Ensemble'))})` : 'Exact operator';
  $('timing').textContent = `${who}: ${parseServerTiming(response.headers.get('Server-Timing'))}`;
  $('comparison').hidden = true;
  $('result').hidden = false;
  updateSlider();
}

/** The variant's name, and the self-ensemble that made the result (as the service reports it) when it had several members. */
function networkLabel(name, ensemble) {
  return Number(ensemble) > 1 ? `${name}, self-ensemble of ${ensemble}` : name;
}

async function runCompare(op, params, variant) {
  const response = await post(`api/v1/operators/${encodeURIComponent(op.id)}/compare?${params}`);
  if (!response.ok) throw new Error(await describeFailure(response));
  const body = await response.json();
  $('fast-image').src = body.fast.image;
  $('exact-image').src = body.exact.image;
  const psnr = body.identical ? 'identical' : `PSNR ${body.psnr.toFixed(2)} dB`;
  const times = Object.entries(body.timingsMillis).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(' · ');
  $('metrics').textContent = `Network ${networkLabel(variant.name, body.fast.ensemble)} vs exact: ${psnr} · SSIM ${body.ssim.toFixed(4)} · ${times}`;
  $('result').hidden = true;
  $('comparison').hidden = false;
}

function updateSlider() { $('after-clip').style.width = $('slider').value + '%'; }
function showError(message) { $('error').textContent = message; $('error').hidden = false; }
function hideError() { $('error').hidden = true; $('error').textContent = ''; }

function setUpDropZone() {
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    chooseFile(e.dataTransfer.files[0]);
  });
  zone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('file').click(); } });
}

document.addEventListener('DOMContentLoaded', async () => {
  setUpDropZone();
  $('file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
  $('operator').addEventListener('change', showOperator);
  document.querySelectorAll('input[name=mode]').forEach((r) => r.addEventListener('change', showOperator));
  $('variant').addEventListener('change', showVariant);
  $('slider').addEventListener('input', updateSlider);
  $('zoom').addEventListener('change', (e) => $('viewer').classList.toggle('actual', e.target.checked));
  $('run-form').addEventListener('submit', run);
  try {
    await Promise.all([loadLimits(), loadOperators()]);
  } catch (e) {
    showError('The service did not answer; reload the page when it is running.');
  }
});
