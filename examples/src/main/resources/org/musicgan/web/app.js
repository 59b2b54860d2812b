'use strict';
// MusicGAN web demo: choose, generate, listen, download; keeps the songs of this visit.
const $ = (id) => document.getElementById(id);
const songs = [];

function text(el, value) { el.textContent = value; return el; }

function addOptions(select, items) {
  for (const item of items) {
    const o = document.createElement('option');
    o.value = item.id;
    o.title = item.description;
    text(o, item.label);
    select.appendChild(o);
  }
}

async function loadGenres() {
  const res = await fetch('/api/genres');
  const data = await res.json();
  addOptions($('genre'), data.genres);
  addOptions($('sound'), data.sounds);
}

function show(song) {
  $('result').hidden = false;
  text($('song-title'), song.name);
  $('player').src = song.wav;
  $('spectrogram').src = song.png;
  const wav = $('download-wav');
  wav.href = song.wav + '?download';
  wav.setAttribute('download', song.file + '.wav');
  const mid = $('download-midi');
  mid.href = song.midi + '?download';
  mid.setAttribute('download', song.file + '.mid');
  const body = $('settings').querySelector('tbody');
  body.replaceChildren();
  const rows = [
    ['Genre', song.genre], ['Tempo', song.tempo + ' (' + song.bpm + ' BPM)'],
    ['Sound', song.soundLabel + (song.transpose ? ' (' + octaves(song.transpose) + ')' : '')],
    ['Length', song.durationSeconds.toFixed(1) + ' s'], ['Notes', String(song.notes)],
    ['Seed', String(song.seed)]];
  for (const [k, v] of rows) {
    const tr = document.createElement('tr');
    tr.appendChild(text(document.createElement('td'), k));
    tr.appendChild(text(document.createElement('td'), v));
    body.appendChild(tr);
  }
}

function octaves(semitones) {
  const n = Math.abs(semitones / 12);
  return n + (n === 1 ? ' octave ' : ' octaves ') + (semitones < 0 ? 'down' : 'up');
}

function addToList(song) {
  songs.push(song);
  $('no-songs').hidden = true;
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = '#';
  text(a, song.name + ' — ' + song.genre + ', ' + song.tempo + ', ' + song.soundLabel);
  a.addEventListener('click', (e) => { e.preventDefault(); show(song); });
  li.appendChild(a);
  $('songs').appendChild(li);
}

async function generate(event) {
  event.preventDefault();
  const button = $('generate');
  const status = $('status');
  const tempo = document.querySelector('input[name=tempo]:checked').value;
  const body = {};
  if ($('genre').value) body.genre = $('genre').value;
  if (tempo) body.tempo = tempo;
  if ($('sound').value) body.sound = $('sound').value;
  if ($('name').value.trim()) body.name = $('name').value;
  button.disabled = true;
  status.className = '';
  text(status, 'Composing…');
  try {
    const res = await fetch('/api/generate', {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    const data = await res.json();
    if (!res.ok) throw new Error(data.error || res.statusText);
    show(data);
    addToList(data);
    text(status, 'Ready: press play.');
  } catch (e) {
    status.className = 'error';
    text(status, 'Could not generate: ' + e.message);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('choices').addEventListener('submit', generate);
  loadGenres().catch((e) => text($('status'), 'Could not load genres: ' + e.message));
});
