// The bulletin sentence form with chips. Without this script the form is a
// textarea (one sentence a line) and headline inputs where figures are
// written 「登记金额」; with it each field becomes an editor where figures
// are chips to drag to another place, remove with ×, or add from the list
// of figures (drag, or click to add where the caret is). The fields stay
// the form's data: every change is written back to them.
(function () {
  'use strict';
  var OPEN = '\u300c', CLOSE = '\u300d';
  var dragged = null; // a chip being moved; null when a copy comes from the list
  var lastRange = null; // where a clicked chip goes
  var editors = [];

  function parse(line) {
    var out = [], rest = line;
    while (rest.length) {
      var i = rest.indexOf(OPEN), j = i < 0 ? -1 : rest.indexOf(CLOSE, i);
      if (i < 0 || j < 0) { out.push({ text: rest }); break; }
      if (i > 0) { out.push({ text: rest.slice(0, i) }); }
      out.push({ chip: rest.slice(i + 1, j) });
      rest = rest.slice(j + 1);
    }
    return out;
  }

  function makeChip(name, label) {
    var s = document.createElement('span');
    s.className = 'chip';
    s.contentEditable = 'false';
    s.draggable = true;
    s.dataset.chip = name;
    s.appendChild(document.createTextNode(name));
    var x = document.createElement('button');
    x.type = 'button';
    x.className = 'chip-x';
    x.textContent = '\u00d7';
    x.title = label;
    x.setAttribute('aria-label', label + ' ' + name);
    s.appendChild(x);
    return s;
  }

  function fillLine(div, line, label) {
    parse(line).forEach(function (p) {
      div.appendChild(p.chip !== undefined ? makeChip(p.chip, label) : document.createTextNode(p.text));
    });
    if (!div.firstChild) { div.appendChild(document.createElement('br')); }
  }

  function inline(node) {
    var s = '';
    node.childNodes.forEach(function (n) {
      if (n.nodeType === 3) { s += n.nodeValue.replace(/\u200b/g, ''); return; }
      if (n.nodeType !== 1) { return; }
      if (n.classList.contains('chip')) { s += OPEN + n.dataset.chip + CLOSE; return; }
      if (n.tagName === 'BR' || n.tagName === 'BUTTON') { return; }
      s += inline(n);
    });
    return s;
  }

  function serialise(ed) {
    var lines = [], loose = null;
    ed.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.tagName === 'DIV') { loose = null; lines.push(inline(n)); return; }
      var tmp = document.createElement('div');
      tmp.appendChild(n.cloneNode(true));
      if (loose === null) { loose = lines.length; lines.push(''); }
      lines[loose] += inline(tmp);
    });
    return ed.single ? lines.join('') : lines.join('\n');
  }

  function sync(ed) { ed.field.value = serialise(ed); }

  function rangeAt(x, y) {
    if (document.caretRangeFromPoint) { return document.caretRangeFromPoint(x, y); }
    if (document.caretPositionFromPoint) {
      var p = document.caretPositionFromPoint(x, y);
      if (!p) { return null; }
      var r = document.createRange();
      r.setStart(p.offsetNode, p.offset);
      return r;
    }
    return null;
  }

  function owner(node) {
    for (var i = 0; i < editors.length; i++) {
      if (editors[i].contains(node)) { return editors[i]; }
    }
    return null;
  }

  function enhance(field, label) {
    var ed = document.createElement('div');
    ed.className = 'chip-editor' + (field.tagName === 'INPUT' ? ' single' : '');
    ed.single = field.tagName === 'INPUT';
    ed.field = field;
    ed.contentEditable = field.readOnly ? 'false' : 'true';
    ed.setAttribute('role', 'textbox');
    ed.setAttribute('aria-multiline', ed.single ? 'false' : 'true');
    if (field.getAttribute('aria-label')) { ed.setAttribute('aria-label', field.getAttribute('aria-label')); }
    if (field.id) { ed.id = field.id + '-chips'; }
    var lines = ed.single ? [field.value] : field.value.split('\n');
    lines.forEach(function (line) {
      var div = document.createElement('div');
      div.className = 'chip-line';
      fillLine(div, line, label);
      ed.appendChild(div);
    });
    ed.addEventListener('input', function () { sync(ed); });
    ed.addEventListener('keydown', function (e) {
      if (ed.single && e.key === 'Enter') { e.preventDefault(); }
    });
    ed.addEventListener('click', function (e) {
      var x = e.target.closest('.chip-x');
      if (x && ed.contentEditable === 'true') {
        e.preventDefault();
        var line = x.parentNode.parentNode;
        x.parentNode.remove();
        // A sentence that was only the figure goes with it (an empty line
        // would start a new paragraph).
        if (line !== ed && line.tagName === 'DIV' && inline(line).trim() === '' && ed.childElementCount > 1) { line.remove(); }
        sync(ed);
      }
    });
    ed.addEventListener('keyup', remember);
    ed.addEventListener('mouseup', remember);
    ed.addEventListener('dragover', function (e) { e.preventDefault(); });
    ed.addEventListener('drop', function (e) {
      e.preventDefault();
      if (ed.contentEditable !== 'true') { return; }
      var r = rangeAt(e.clientX, e.clientY);
      if (!r || !ed.contains(r.startContainer)) { return; }
      var name = e.dataTransfer.getData('application/x-chip');
      var node = dragged || (name ? makeChip(name, label) : null);
      if (!node) { return; }
      var from = dragged ? owner(dragged) : null;
      r.insertNode(node);
      sync(ed);
      if (from && from !== ed) { sync(from); }
      dragged = null;
    });
    field.hidden = true;
    field.parentNode.insertBefore(ed, field.nextSibling);
    editors.push(ed);
    return ed;
  }

  function remember() {
    var sel = window.getSelection();
    if (sel.rangeCount && owner(sel.getRangeAt(0).startContainer)) { lastRange = sel.getRangeAt(0).cloneRange(); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('sentence-form');
    if (!form) { return; }
    var label = form.dataset.removeLabel || '\u5220\u9664';
    form.querySelectorAll('[data-chips]').forEach(function (f) { enhance(f, label); });
    form.classList.add('chips-on');
    document.addEventListener('dragstart', function (e) {
      var c = e.target.closest && e.target.closest('.chip');
      if (!c) { return; }
      dragged = owner(c) ? c : null;
      e.dataTransfer.setData('application/x-chip', c.dataset.chip);
      e.dataTransfer.setData('text/plain', OPEN + c.dataset.chip + CLOSE);
      e.dataTransfer.effectAllowed = dragged ? 'move' : 'copy';
    });
    document.addEventListener('dragend', function () { dragged = null; });
    var palette = document.getElementById('chip-palette');
    if (palette) {
      palette.querySelectorAll('.chip').forEach(function (c) {
        c.draggable = true;
        c.setAttribute('role', 'button');
        c.tabIndex = 0;
        var add = function () {
          var body = editors[editors.length - 1];
          if (!body || body.contentEditable !== 'true') { return; }
          var node = makeChip(c.dataset.chip, label);
          if (lastRange && owner(lastRange.startContainer)) {
            lastRange.collapse(false);
            lastRange.insertNode(node);
            lastRange.setStartAfter(node);
          } else {
            var line = body.lastElementChild || body;
            line.appendChild(node);
          }
          sync(owner(node));
        };
        c.addEventListener('click', add);
        c.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); add(); } });
      });
    }
    form.addEventListener('submit', function () { editors.forEach(sync); });
  });
}());
