// The curation studio's page: the map of clips, and one clip's page. Plain browser JavaScript,
// served by StudioServer; talks only to its own origin (the server refuses any other).
'use strict';
(function () {
  const CELL = 70;                       // grid pitch in px at zoom 1 (64 px thumbnail, 2 px border, 2 px gap)
  const $ = (id) => document.getElementById(id);
  const state = { selected: new Set(), data: null, byId: new Map(), nodes: new Map(), view: { scale: 1, tx: 10, ty: 10 }, fitted: false,
                  clip: null, taps: [], tapBpm: null, polling: null };

  // ---- data -------------------------------------------------------------------------------------
  async function api(path, options) {
    const r = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
    const body = await r.json().catch(() => ({ error: r.status + ' ' + r.statusText }));
    if (!r.ok) throw new Error(body.error || (r.status + ''));
    return body;
  }

  const timings = {};   // ms since navigation, for the benchmark: clips listed, atlas decoded, map drawn
  async function load() {
    const data = await api('/api/clips');
    if (!timings.clips) timings.clips = performance.now();
    state.data = data;
    state.byId = new Map(data.clips.map((c) => [c.id, c]));
    const p = data.progress;
    $('progress').textContent = p.done ? `${p.total} clips` + (p.failed ? `, ${p.failed} unreadable` : '')
      : `analysing: ${p.analysed}/${p.total} analysed, ${p.thumbnails} drawn` + (p.failed ? `, ${p.failed} failed` : '');
    $('progress').dataset.done = p.done ? 'true' : 'false';
    const list = $('tag-list');
    list.replaceChildren(...Object.keys(data.tags).map((t) => { const o = document.createElement('option'); o.value = t; return o; }));
    renderMap();
    if (!p.done && !state.polling) state.polling = setInterval(() => load().catch(showError), 1000);
    if (p.done && state.polling) { clearInterval(state.polling); state.polling = null; }
  }

  function showError(e) { const s = $('status'); s.textContent = String(e.message || e); s.className = 'error'; }

  // ---- the map ----------------------------------------------------------------------------------
  function passes(c) {
    const k = $('filter-kept').value, f = $('filter-flag').value, t = $('filter-tag').value.trim().toLowerCase();
    const kept = c.curation.kept;
    if (k === 'kept' && kept !== true) return false;
    if (k === 'discarded' && kept !== false) return false;
    if (k === 'unjudged' && kept !== null) return false;
    const flags = c.analysis.flags || [];
    if (f === 'none' && flags.length) return false;
    if (f !== 'any' && f !== 'none' && !flags.includes(f)) return false;
    if (t && !c.curation.tags.some((x) => x.toLowerCase().includes(t))) return false;
    return true;
  }

  function tempoOf(c) { const t = c.curation.tapped_bpm || (c.analysis.tempo[0] && c.analysis.tempo[0].bpm); return t || Infinity; }

  /** Grid index of each clip: its map cell, or its place in the chosen order. */
  function places(clips) {
    const how = $('arrange').value, at = new Map();
    if (how === 'map') { clips.forEach((c) => at.set(c.id, c.cell)); return at; }
    const key = { name: (c) => c.file.toLowerCase(), loudness: (c) => -(c.analysis.loudness_lufs ?? -999), tempo: tempoOf }[how];
    const sorted = clips.slice().sort((a, b) => { const x = key(a), y = key(b); return x < y ? -1 : x > y ? 1 : 0; });
    sorted.forEach((c, i) => at.set(c.id, i));
    return at;
  }

  function renderMap() {
    const plane = $('plane'), clips = state.data.clips, cols = Math.max(1, state.data.columns), at = places(clips);
    const seen = new Set(), atlas = state.data.atlas;
    let shown = 0;
    // Once everything is drawn the server offers all thumbnails in one picture: load it once, then
    // copy each cell's part into a small canvas of its own (one request for a thousand clips instead of
    // a thousand; small canvases, not a background of the big picture, keep zooming fast).
    if (atlas && state.atlasUrl !== atlas.url && state.atlasLoading !== atlas.url) {
      state.atlasLoading = atlas.url;
      const img = new Image();
      img.onload = () => {
        timings.atlas = performance.now();
        state.atlasImage = img; state.atlasUrl = atlas.url; renderMap();
        timings.drawn = performance.now();
      };
      img.src = atlas.url;
    }
    const useAtlas = atlas && state.atlasUrl === atlas.url;
    for (const c of clips) {
      seen.add(c.id);
      let node = state.nodes.get(c.id);
      if (!node) {
        node = document.createElement('div');
        node.className = 'cell';
        node.dataset.id = c.id;
        const img = document.createElement('img');
        img.alt = c.name;
        const label = document.createElement('span');
        label.className = 'label';
        label.textContent = c.name;
        node.append(img, label);
        node.title = c.file;
        plane.append(node);
        state.nodes.set(c.id, node);
      }
      const img = node.firstChild;
      if (useAtlas && c.atlas_index !== undefined && node.dataset.atlas !== atlas.url) {
        const k = c.atlas_index, size = atlas.size, canvas = document.createElement('canvas');
        canvas.width = canvas.height = size;
        canvas.getContext('2d').drawImage(state.atlasImage, (k % atlas.columns) * size, Math.floor(k / atlas.columns) * size, size, size, 0, 0, size, size);
        node.replaceChild(canvas, node.firstChild);
        node.dataset.atlas = atlas.url;
        node.dataset.drawn = 'true';
      } else if (!atlas && !node.dataset.atlas && c.thumb && !img.getAttribute('src')) {   // while drawing: one by one
        img.onload = () => { node.dataset.drawn = 'true'; };
        img.src = '/img/thumb/' + c.id + '.png';
      }
      node.classList.toggle('pending', !c.thumb);
      const i = at.get(c.id);
      node.style.left = (i % cols) * CELL + 'px';
      node.style.top = Math.floor(i / cols) * CELL + 'px';
      node.classList.toggle('selected', state.selected.has(c.id));
      node.classList.toggle('kept', c.curation.kept === true);
      node.classList.toggle('discarded', c.curation.kept === false);
      const ok = passes(c);
      node.classList.toggle('filtered', !ok);
      if (ok) shown++;
    }
    for (const [id, node] of state.nodes) if (!seen.has(id)) { node.remove(); state.nodes.delete(id); }
    $('shown').textContent = `${shown} of ${clips.length} shown`;
    for (const id of [...state.selected]) if (!state.byId.has(id)) state.selected.delete(id);
    $('chain').textContent = `chain ${state.selected.size} selected`;
    $('chain').disabled = state.selected.size < 2;
    $('train').textContent = `train on ${state.selected.size}`;
    $('live-add').textContent = `add ${state.selected.size} to instrument`;
    $('live-add').disabled = state.selected.size < 1;
    $('train').disabled = state.selected.size < 1;
    if (!state.fitted && clips.length) fit();
    applyView();
  }

  function fit() {
    const vp = $('viewport').getBoundingClientRect(), cols = Math.max(1, state.data.columns), rows = Math.max(1, state.data.rows);
    const s = Math.min(2, Math.max(0.05, Math.min((vp.width - 20) / (cols * CELL), (vp.height - 20) / (rows * CELL))));
    state.view = { scale: s, tx: (vp.width - cols * CELL * s) / 2, ty: 10 };
    state.fitted = vp.width > 0;
  }

  function applyView() { const v = state.view; $('plane').style.transform = `translate(${v.tx}px, ${v.ty}px) scale(${v.scale})`; }

  function setupMap() {
    const vp = $('viewport');
    vp.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = vp.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top, v = state.view;
      const k = Math.exp(-e.deltaY * 0.0015), s = Math.min(8, Math.max(0.05, v.scale * k));
      v.tx = x - (x - v.tx) * (s / v.scale); v.ty = y - (y - v.ty) * (s / v.scale); v.scale = s;
      applyView();
    }, { passive: false });
    let drag = null;
    vp.addEventListener('mousedown', (e) => { drag = { x: e.clientX, y: e.clientY, tx: state.view.tx, ty: state.view.ty, moved: false }; });
    window.addEventListener('mousemove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { drag.moved = true; vp.classList.add('dragging'); }
      if (drag.moved) { state.view.tx = drag.tx + dx; state.view.ty = drag.ty + dy; applyView(); }
    });
    window.addEventListener('mouseup', (e) => {
      if (!drag) return;
      const moved = drag.moved; drag = null; vp.classList.remove('dragging');
      if (moved) return;
      const cell = e.target.closest && e.target.closest('.cell');
      if (!cell) return;
      if (e.shiftKey || e.ctrlKey || e.metaKey) {   // shift-click: select for a chain
        const id = cell.dataset.id;
        if (state.selected.has(id)) state.selected.delete(id); else state.selected.add(id);
        renderMap();
      } else {
        location.hash = '#clip/' + cell.dataset.id;
      }
    });
    // Hover to hear: a short delay so sweeping across the map stays quiet.
    const hover = $('hover-player');
    let timer = null, current = null;
    vp.addEventListener('mouseover', (e) => {
      const cell = e.target.closest && e.target.closest('.cell');
      if (!cell || cell === current) return;
      stopHover();
      current = cell;
      timer = setTimeout(() => {
        const c = state.byId.get(cell.dataset.id);
        if (!c) return;
        hover.src = c.audio;
        hover.currentTime = 0;
        cell.classList.add('playing');
        hover.play().catch(() => {});   // the browser may refuse sound before the first click
      }, 180);
    });
    vp.addEventListener('mouseout', (e) => {
      const to = e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest('.cell');
      if (current && to !== current) stopHover();
    });
    function stopHover() {
      clearTimeout(timer);
      if (current) current.classList.remove('playing');
      current = null;
      hover.pause();
    }
    for (const id of ['filter-kept', 'filter-flag', 'filter-tag', 'arrange']) { $(id).addEventListener('input', renderMap); $(id).addEventListener('change', renderMap); }
  }

  // ---- acting on a selection: a chain ----------------------------------------------------------
  function setupChain() {
    $('select-shown').addEventListener('click', () => { for (const c of state.data.clips) if (passes(c)) state.selected.add(c.id); renderMap(); });
    $('clear-selection').addEventListener('click', () => { state.selected.clear(); renderMap(); });
    for (const kind of ['chain', 'train']) {
      $(kind + '-close').addEventListener('click', () => { $(kind + '-panel').hidden = true; $(kind + '-player').pause(); });
    }
    $('chain-settings-toggle').addEventListener('click', () => { const f = $('chain-settings'); f.hidden = !f.hidden; $('train-settings').hidden = f.hidden; });
    $('chain-defaults').addEventListener('click', () => {
      for (const el of document.querySelectorAll('#chain-settings [data-setting], #train-settings [data-train]')) {
        if (el.type === 'checkbox') el.checked = false; else el.value = el.tagName === 'SELECT' ? el.options[0].value : '';
      }
    });
    $('chain').addEventListener('click', () => runJob('chain', 'chain', settingsOf('[data-setting]', 'setting'), (job) => {
      const s = job.summary;
      $('chain-order').textContent = s.order.join(' → ');
      return `${s.pieces} pieces, ${s.seconds.toFixed(1)} s, mean adjacent ${s.by} similarity ${s.mean_adjacent.toFixed(3)} (pair-by-pair ${s.naive_mean_adjacent.toFixed(3)})`;
    }));
    $('train').addEventListener('click', () => runJob('train', 'model', settingsOf('[data-train]', 'train'), (job) => {
      const s = job.summary;
      $('train-order').textContent = job.model;
      return `${s.tokens} tokens, order ${s.order}${s.neural ? ', GRU network' : ''}, ${s.grains} grains from ${s.corpus.files.length} files; `
        + `a ${s.bounce_seconds.toFixed(0)} s bounce plays here`;
    }));
  }

  /**
   * Background work on the selection (a chain, a model): POST it, show its stage and progress in its
   * panel while it runs, then what {@code describe} says of the result, and its audio in the panel's player.
   */
  async function runJob(kind, noun, settings, describe) {
    // In the map's order, so the request says what the page shows.
    const ids = state.data.clips.filter((c) => state.selected.has(c.id)).map((c) => c.id);
    $(kind + '-panel').hidden = false; $(kind + '-player').hidden = true; $(kind + '-order').textContent = ''; $(kind + '-warnings').textContent = '';
    const status = $(kind + '-status'), bar = $(kind + '-progress');
    status.className = ''; delete status.dataset.done; status.textContent = `${kind}: ${ids.length} clips…`;
    try {
      bar.hidden = false; bar.removeAttribute('value');
      let job = await api('/api/' + kind, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids, settings }) });
      while (!job.finished) {
        status.textContent = `${noun} ${job.id}: ${job.stage}` + (job.total ? ` (${job.done}/${job.total})` : '');
        if (job.total) { bar.max = job.total; bar.value = job.done; } else bar.removeAttribute('value');
        await new Promise((r) => setTimeout(r, 400));
        job = await api('/api/' + kind + '/' + job.id);
      }
      bar.hidden = true;
      $(kind + '-warnings').textContent = job.warnings.length ? job.warnings.length + ' skipped: ' + job.warnings.join('; ') : '';
      if (job.error) throw new Error(job.error);
      status.textContent = `${noun} ${job.id}: ` + describe(job);
      status.dataset.done = 'true';
      const p = $(kind + '-player'); p.src = job.audio; p.hidden = false;
    } catch (e) {
      bar.hidden = true; status.className = 'error';
      const why = String(e.message || e);
      status.textContent = why.startsWith(kind + ':') ? why : kind + ': ' + why;
    }
  }

  /** The settings the page sets, by the command's option name; an empty box is left to the command's default. */
  function settingsOf(selector, key) {
    const out = {};
    for (const el of document.querySelectorAll(selector)) {
      if (el.type === 'checkbox') { if (el.checked) out[el.dataset[key]] = true; continue; }
      if (el.value === '') continue;
      out[el.dataset[key]] = el.tagName === 'SELECT' ? el.value : Number(el.value);
    }
    return out;
  }

  // ---- the live link to a running `ersatz run` ---------------------------------------------------
  async function setupLive() {
    const link = await api('/api/live').catch(() => ({ connected: false }));
    state.live = link.target ? link : null;
    if (!state.live) return;
    $('live').hidden = false; $('live-audition').hidden = false;
    $('live-target').textContent = `live: ${link.target}` + (link.connected ? '' : ' (not answering)');
    $('live-target').className = link.connected ? '' : 'error';
    const say = (text, error) => { const s = $('live-status'); s.textContent = text; s.className = error ? 'error' : ''; };
    const post = (what, body) => api('/api/live/' + what, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    $('live-audition').addEventListener('click', async () => {
      if (!state.clip) return;
      try {
        const r = await post('audition', { id: state.clip.id });
        say(`auditioning ${state.clip.name} (${r.seconds.toFixed(1)} s) through ${r.target}`);
        $('status').textContent = $('live-status').textContent; $('status').className = '';
      } catch (e) { say('audition: ' + (e.message || e), true); showError(new Error('audition: ' + (e.message || e))); }
    });
    $('live-stop').addEventListener('click', () => post('stop', {}).then(() => say('stopped')).catch((e) => say('stop: ' + (e.message || e), true)));
    $('live-add').addEventListener('click', async () => {
      const ids = state.data.clips.filter((c) => state.selected.has(c.id)).map((c) => c.id);
      say(`adding ${ids.length} clips…`);
      try {
        const r = await post('add', { ids });
        say(`added ${r.added}: the instrument plays ${r.clips} clips`);
        $('live-status').dataset.clips = r.clips;
      } catch (e) { say('add: ' + (e.message || e), true); }
    });
  }

  // ---- a clip's page ----------------------------------------------------------------------------
  function fmt(x, digits) { return x === null || x === undefined ? 'n/a' : Number(x).toFixed(digits); }

  async function openClip(id) {
    const c = await api('/api/clip/' + encodeURIComponent(id));
    state.clip = c;
    state.taps = []; state.tapBpm = null;
    $('map-view').hidden = true; $('clip-view').hidden = false;
    $('clip-name').textContent = c.name;
    $('clip-file').textContent = c.folder + '/' + c.file;
    $('wave').src = '/img/wave/' + c.id + '.png';
    $('spec').src = '/img/spec/' + c.id + '.png';
    const p = $('player');
    p.src = c.audio; p.loop = false;
    $('loop').checked = false;
    $('play').textContent = 'play';
    const a = c.analysis, frames = a.frames || 1;
    $('trim-start').style.left = (100 * a.trim[0] / frames) + '%';
    $('trim-end').style.left = (100 * a.trim[1] / frames) + '%';
    const rows = [
      ['duration', fmt(a.duration, 2) + ' s'], ['rate', a.rate + ' Hz, ' + a.channels + ' ch'],
      ['loudness', a.loudness_lufs === null ? 'n/a' + (a.loudness_absent ? ' (' + a.loudness_absent + ')' : ' (silent)') : fmt(a.loudness_lufs, 1) + ' LUFS'],
      ['peak', a.peak_dbfs === null ? '-inf dBFS' : fmt(a.peak_dbfs, 1) + ' dBFS'],
      ['silence', fmt(100 * a.silence_ratio, 0) + ' %'], ['onsets', fmt(a.onset_rate, 2) + ' /s'],
      ['trim', `${fmt(a.trim[0] / a.rate, 3)} – ${fmt(a.trim[1] / a.rate, 3)} s (librosa trim, 60 dB)`],
      ['flags', (a.flags || []).join(', ') || 'none'],
      ['tempo', a.tempo.length ? fmt(a.tempo[0].bpm, 1) + ' BPM' + (a.loop_beats ? `, loop of ${a.loop_beats} beats` : '') + `, pulse ${fmt(a.pulse, 2)}` : 'none: ' + (a.tempo_absent || '')],
    ];
    $('analysis').replaceChildren(...rows.map(([k, v]) => { const tr = document.createElement('tr'); tr.innerHTML = '<td></td><td></td>'; tr.children[0].textContent = k; tr.children[1].textContent = v; return tr; }));
    renderCandidates();
    renderCuration();
    $('status').textContent = ''; $('status').className = '';
  }

  function renderCandidates() {
    const a = state.clip.analysis, ul = $('candidates');
    const items = a.tempo.map((t) => ({ bpm: t.bpm, what: 'candidate' })).concat(a.tempo_family.map((t) => ({ bpm: t.bpm, what: 'family' })));
    const seen = new Set();
    ul.replaceChildren(...items.filter((t) => { const k = t.bpm.toFixed(1); if (seen.has(k)) return false; seen.add(k); return true; }).map((t) => {
      const li = document.createElement('li');
      li.textContent = `${t.bpm.toFixed(1)} BPM (${t.what}; half ${(t.bpm / 2).toFixed(1)}, double ${(t.bpm * 2).toFixed(1)})`;
      if (state.tapBpm && Math.abs(Math.log2(state.tapBpm / t.bpm)) < 0.03) li.className = 'near';
      return li;
    }));
    if (!items.length) { const li = document.createElement('li'); li.textContent = 'no candidates: ' + (a.tempo_absent || ''); ul.append(li); }
  }

  function renderCuration() {
    const k = state.clip.curation;
    $('verdict').textContent = k.kept === true ? 'kept' : k.kept === false ? 'discarded' : 'not judged';
    $('verdict').className = k.kept === true ? 'kept' : k.kept === false ? 'discarded' : '';
    $('keep').classList.toggle('on', k.kept === true);
    $('discard').classList.toggle('on', k.kept === false);
    $('saved-tempo').textContent = k.tapped_bpm ? `kept: ${k.tapped_bpm.toFixed(1)} BPM` : '';
    $('saved-tempo').dataset.bpm = k.tapped_bpm || '';
    if (document.activeElement !== $('note')) $('note').value = k.note;
    $('tags').replaceChildren(...k.tags.map((t) => {
      const s = document.createElement('span'); s.className = 'tag'; s.textContent = t;
      const x = document.createElement('button'); x.textContent = '×'; x.title = 'remove ' + t;
      x.addEventListener('click', () => save({ tags: k.tags.filter((y) => y !== t) }));
      s.append(x); return s;
    }));
  }

  async function save(change) {
    const c = state.clip, next = Object.assign({}, c.curation, change);
    try {
      const saved = await api('/api/clip/' + c.id + '/curation', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(next) });
      c.curation = saved;
      const inMap = state.byId.get(c.id);
      if (inMap) inMap.curation = saved;
      renderCuration();
      $('status').textContent = 'saved'; $('status').className = '';
    } catch (e) { showError(e); }
  }

  /** BPM from tap times in ms: the mean interval from the first tap to the last. */
  function bpmOf(times) { return times.length < 2 ? null : 60000 * (times.length - 1) / (times[times.length - 1] - times[0]); }

  function tap(now) {
    const t = state.taps;
    if (t.length && now - t[t.length - 1] > 2000) t.length = 0;   // a pause starts a new count
    t.push(now);
    if (t.length > 16) t.shift();
    state.tapBpm = bpmOf(t);
    $('tapped').textContent = state.tapBpm ? `tapped ${state.tapBpm.toFixed(1)} BPM (${t.length} taps)` : 'keep tapping…';
    $('tapped').dataset.bpm = state.tapBpm ? state.tapBpm.toFixed(1) : '';
    $('use-tap').disabled = !(state.tapBpm && t.length >= 2);
    renderCandidates();
  }

  function setupClip() {
    const p = $('player');
    $('back').addEventListener('click', () => { location.hash = ''; });
    $('play').addEventListener('click', () => { if (p.paused) p.play().catch(showError); else p.pause(); });
    p.addEventListener('play', () => { $('play').textContent = 'pause'; });
    p.addEventListener('pause', () => { $('play').textContent = 'play'; });
    $('loop').addEventListener('change', () => { p.loop = $('loop').checked; });
    const tick = () => {
      if (state.clip && p.duration) {
        const a = state.clip.analysis;
        // Looping plays the trimmed part: from the trim start to the trim end, round and round.
        if ($('loop').checked && !p.paused && p.currentTime * a.rate >= a.trim[1]) p.currentTime = a.trim[0] / a.rate;
        $('playhead').style.left = (100 * p.currentTime / p.duration) + '%';
        $('time').textContent = p.currentTime.toFixed(2) + ' s';
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // Scrub: press on the waveform to jump there, drag to follow.
    const box = $('wave-box');
    let scrubbing = false;
    const seek = (e) => { const r = box.getBoundingClientRect(); if (p.duration) p.currentTime = Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)) * p.duration; };
    box.addEventListener('mousedown', (e) => { scrubbing = true; seek(e); });
    window.addEventListener('mousemove', (e) => { if (scrubbing) seek(e); });
    window.addEventListener('mouseup', () => { scrubbing = false; });
    $('tap').addEventListener('mousedown', (e) => { e.preventDefault(); tap(performance.now()); });
    $('use-tap').addEventListener('click', () => { if (state.tapBpm) save({ tapped_bpm: Math.round(state.tapBpm * 10) / 10 }); });
    $('keep').addEventListener('click', () => save({ kept: state.clip.curation.kept === true ? null : true }));
    $('discard').addEventListener('click', () => save({ kept: state.clip.curation.kept === false ? null : false }));
    $('tag-input').addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const t = e.target.value.trim();
      e.target.value = '';
      if (t && !state.clip.curation.tags.includes(t)) save({ tags: state.clip.curation.tags.concat([t]) });
    });
    let noteTimer = null;
    $('note').addEventListener('input', () => { clearTimeout(noteTimer); noteTimer = setTimeout(() => save({ note: $('note').value }), 600); });
    $('note').addEventListener('blur', () => { clearTimeout(noteTimer); if (state.clip && $('note').value !== state.clip.curation.note) save({ note: $('note').value }); });
    document.addEventListener('keydown', (e) => {
      if ($('clip-view').hidden || e.target.matches('input, textarea, select')) return;
      if (e.key === 't' || e.key === 'T') { e.preventDefault(); tap(performance.now()); }
      else if (e.key === ' ') { e.preventDefault(); $('play').click(); }
      else if (e.key === 'Escape') location.hash = '';
      else if (e.key === 'k') $('keep').click();
      else if (e.key === 'd') $('discard').click();
      else if (e.key === 'a' && !$('live-audition').hidden) $('live-audition').click();
    });
  }

  // ---- routing ----------------------------------------------------------------------------------
  async function route() {
    const m = location.hash.match(/^#clip\/([0-9a-zA-Z-]+)$/);
    if (m) { await openClip(m[1]).catch(showError); return; }
    $('player').pause();
    state.clip = null;
    $('clip-view').hidden = true; $('map-view').hidden = false;
    if (state.data) { renderMap(); } else { await load(); }
  }

  window.addEventListener('hashchange', () => { route(); if (!location.hash) load().catch(showError); });
  document.addEventListener('DOMContentLoaded', () => {
    setupMap(); setupClip(); setupChain(); setupLive();
    load().then(route).catch(showError);
  });
  window.Studio = { bpmOf, state, timings };   // for the browser test and the console
})();
