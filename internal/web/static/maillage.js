// maillage — enhancements only: every page works without this script.
(function () {
  'use strict';

  // "Autour de moi": fills lat/lon from the browser's geolocation.
  document.querySelectorAll('[data-geoloc-bouton]').forEach(function (button) {
    if (!('geolocation' in navigator)) return;
    var form = button.form;
    var status = form.querySelector('[data-geoloc-etat]');
    button.hidden = false;
    button.addEventListener('click', function () {
      status.textContent = 'Recherche de votre position…';
      navigator.geolocation.getCurrentPosition(function (pos) {
        ['lat', 'lon'].forEach(function (k) {
          var input = form.querySelector('[data-geoloc="' + k + '"]');
          input.value = (k === 'lat' ? pos.coords.latitude : pos.coords.longitude).toFixed(5);
          input.disabled = false;
        });
        var ou = form.querySelector('input[name="ou"]');
        if (ou) { ou.required = false; }
        status.textContent = 'Position trouvée : recherche des lieux proches.';
        form.submit();
      }, function () {
        status.textContent = 'Votre position n\'a pas pu être obtenue : indiquez votre commune.';
      }, { timeout: 10000, maximumAge: 600000 });
    });
  });

  // The map: clusters from /api/v1/clusters for the current view. The list
  // beside it holds the same places. The list comes first: Leaflet and its
  // style are loaded only once the page has loaded.
  // Nothing after this runs on a page without a map: other pages'
  // enhancements go before it or in a function of their own.
  var el = document.getElementById('carte');
  if (!el || !el.dataset.leafletJs) return;
  function loadLeaflet() {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = el.dataset.leafletCss;
    document.head.appendChild(css);
    var js = document.createElement('script');
    js.src = el.dataset.leafletJs;
    js.onload = function () {
      if (typeof L === 'undefined') return;
      var section = el.closest('section');
      if (section) section.hidden = false;
      startMap(el);
    };
    document.head.appendChild(js);
  }
  // After the load, when the browser is idle: the list is painted first.
  function later() {
    if ('requestIdleCallback' in window) {
      window.requestIdleCallback(loadLeaflet, { timeout: 2000 });
    } else {
      setTimeout(loadLeaflet, 200);
    }
  }
  if (document.readyState === 'complete') {
    later();
  } else {
    window.addEventListener('load', later);
  }

  // MARKER_GAP is the least distance, in pixels, between the centres of two
  // markers: the largest marker (48 px) plus 8 px, so that no two touch
  // targets overlap (WCAG 2.5.8: 24 px at least).
  var MARKER_GAP = 56;

  // markerSize is the diameter of a marker for n places: 32 px at least.
  function markerSize(n) { return n === 1 ? 32 : n < 10 ? 36 : n < 100 ? 42 : 48; }

  // spreadClusters merges the clusters that would be drawn closer than
  // MARKER_GAP pixels; project(c) gives a cluster's position on screen. The
  // largest clusters keep their place; a merged group sums the counts and
  // joins the bounding boxes.
  function spreadClusters(clusters, project) {
    var sorted = clusters.slice().sort(function (a, b) { return b.nombre - a.nombre; });
    var out = [];
    sorted.forEach(function (c) {
      var p = project(c);
      for (var i = 0; i < out.length; i++) {
        var g = out[i];
        var dx = g.x - p.x, dy = g.y - p.y;
        if (dx * dx + dy * dy < MARKER_GAP * MARKER_GAP) {
          g.nombre += c.nombre;
          g.id = '';
          g.bbox = [Math.min(g.bbox[0], c.bbox[0]), Math.min(g.bbox[1], c.bbox[1]), Math.max(g.bbox[2], c.bbox[2]), Math.max(g.bbox[3], c.bbox[3])];
          return;
        }
      }
      out.push({ lat: c.lat, lon: c.lon, x: p.x, y: p.y, nombre: c.nombre, id: c.id, nom: c.nom, bbox: c.bbox.slice() });
    });
    return out;
  }

  function startMap(el) {
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    // The zoom buttons and the attribution sit outside the map (in the
    // page), where they cover no marker.
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false, attributionControl: false });
    L.tileLayer(el.dataset.tuiles, { maxZoom: 19 }).addTo(map);
    el.parentNode.querySelectorAll('[data-zoom]').forEach(function (b) {
      b.addEventListener('click', function () { map.setZoom(map.getZoom() + parseInt(b.dataset.zoom, 10)); });
    });
    if (isFinite(lat) && isFinite(lon)) {
      map.setView([lat, lon], parseInt(el.dataset.zoom, 10) || 12);
    } else {
      map.setView([46.6, 2.4], 5);
    }
    var layer = L.layerGroup().addTo(map);
    var target = el.dataset.lien === 'top' ? '_top' : '_self';
    var filters = el.dataset.filtres ? '&' + el.dataset.filtres : '';
    // Links to a place carry the search, for its "Retour à la recherche".
    var suite = el.dataset.suite ? '?' + el.dataset.suite : '';
    function placeURL(id) { return '/lieux/' + encodeURIComponent(id) + suite; }
    function onEnter(m, f) { m.on('keypress', function (e) { if (e.originalEvent.key === 'Enter') f(); }); }

    // A single place opens its page.
    function placeMarker(c) {
      var icon = L.divIcon({ className: 'marqueur-lieu', iconSize: [32, 32] });
      var m = L.marker([c.lat, c.lon], { icon: icon, title: c.nom, keyboard: true });
      var go = function () { window.open(placeURL(c.id), target); };
      m.on('click', go);
      onEnter(m, go);
      return m;
    }

    // A group zooms in; places at one address, which no zoom parts, are
    // listed in a popup instead.
    function groupMarker(c) {
      var size = markerSize(c.nombre);
      var icon = L.divIcon({ className: 'marqueur-groupe', html: String(c.nombre), iconSize: [size, size] });
      var same = c.bbox[0] === c.bbox[2] && c.bbox[1] === c.bbox[3];
      var g = L.marker([c.lat, c.lon], { icon: icon, title: c.nombre + ' lieux' + (same ? ' à la même adresse' : ' : zoomer'), keyboard: true });
      var act = function () { map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { padding: [20, 20], maxZoom: 18 }); };
      if (same) {
        act = function () {
          if (g.getPopup()) { g.openPopup(); return; }
          var url = '/api/v1/lieux?lat=' + c.bbox[1] + '&lon=' + c.bbox[0] + '&rayon_km=0.01&par_page=100' + filters;
          fetch(url).then(function (r) { return r.json(); }).then(function (data) {
            var list = document.createElement('ul');
            data.lieux.forEach(function (l) {
              var li = document.createElement('li');
              var a = document.createElement('a');
              a.href = placeURL(l.id);
              a.target = target;
              a.textContent = l.nom;
              li.appendChild(a);
              list.appendChild(li);
            });
            g.bindPopup(list).openPopup();
          }).catch(function () {});
        };
      }
      g.on('click', act);
      onEnter(g, act);
      return g;
    }

    var pending = null;
    function refresh() {
      // The view less a margin of half the largest marker: every marker
      // lies wholly inside the map.
      var size = map.getSize();
      var nw = map.containerPointToLatLng([24, 24]), se = map.containerPointToLatLng([size.x - 24, size.y - 24]);
      var bbox = [nw.lng, se.lat, se.lng, nw.lat].map(function (x) { return x.toFixed(5); }).join(',');
      var url = '/api/v1/clusters?bbox=' + bbox + '&zoom=' + map.getZoom() + filters;
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url, { signal: pending.signal }).then(function (r) { return r.json(); }).then(function (data) {
        layer.clearLayers();
        spreadClusters(data.clusters, function (c) { return map.latLngToContainerPoint([c.lat, c.lon]); }).forEach(function (c) {
          layer.addLayer(c.nombre === 1 ? placeMarker(c) : groupMarker(c));
        });
        // How many times the markers were drawn (the browser tests wait on it).
        el.dataset.traces = String((parseInt(el.dataset.traces, 10) || 0) + 1);
      }).catch(function () {});
    }
    map.on('moveend', refresh);
    refresh();
    startLayers(el, map);
  }

  // The layers of the map (QPV, EPCI, fragility of the communes): toggles
  // beside the map, each drawn from /carte/couches/NAME.geojson for the view
  // (a margin around it), simplified for the zoom. The list never changes.
  // Class colours go from light to dark; the legend names every class.
  var CLASS_COLOURS = ['#d9d9d9', '#fff5c2', '#fdd08a', '#f89a5b', '#de5a36', '#a11d21'];
  var LAYER_STYLES = {
    fragilite: function (f) {
      return { color: '#ffffff', weight: 0.6, fillColor: CLASS_COLOURS[f.properties.classe] || CLASS_COLOURS[0], fillOpacity: 0.6 };
    },
    // Lines: the server sends each border once (the first EPCI that
    // shares it), so it is stroked once.
    epci: function () { return { color: '#1b1b1b', weight: 2.5, opacity: 0.85, fill: false }; },
    qpv: function () { return { color: '#6a1b9a', weight: 2, fillColor: '#6a1b9a', fillOpacity: 0.15 }; }
  };
  var LAYER_PANES = { fragilite: 350, epci: 360, qpv: 370 };

  function number(n) { return Math.round(n).toLocaleString('fr-FR'); }

  function layerTip(name, p) {
    if (name === 'fragilite') {
      var s = p.nom + ' : fragilité ' + (p.classe > 0 ? String(p.fragilite).replace('.', ',') : 'inconnue');
      return s + ', ' + number(p.personnes_a_risque) + ' personnes à risque sur ' + number(p.population);
    }
    return name === 'qpv' ? 'Quartier prioritaire « ' + p.nom + ' »' : p.nom;
  }

  function startLayers(el, map) {
    var section = el.closest('section') || document;
    var status = section.querySelector('[data-couches-etat]');
    var legendBox = section.querySelector('[data-legende]');
    var layers = [];
    section.querySelectorAll('[data-couche]').forEach(function (box) {
      var name = box.dataset.couche;
      var pane = map.createPane('couche-' + name);
      pane.style.zIndex = String(LAYER_PANES[name] || 380);
      var label = section.querySelector('label[for="' + box.id + '"]').textContent;
      var group = L.geoJSON(null, {
        pane: 'couche-' + name,
        interactive: true,
        style: LAYER_STYLES[name],
        onEachFeature: function (f, l) { l.bindTooltip(layerTip(name, f.properties), { sticky: true }); }
      });
      var layer = { name: name, box: box, label: label, group: group, minZoom: parseInt(box.dataset.zoomMin, 10) || 0, drawn: null, pending: null };
      layers.push(layer);
      box.addEventListener('change', function () { update(layer); });
    });
    if (!layers.length) return;

    function say(text) { if (status) status.textContent = text; }

    function legend(layer, classes) {
      if (!legendBox || layer.name !== 'fragilite') return;
      legendBox.textContent = '';
      var title = document.createElement('p');
      title.className = 'legende-titre';
      title.textContent = 'Légende : fragilité numérique des communes';
      var list = document.createElement('ul');
      classes.forEach(function (c) {
        var li = document.createElement('li');
        var swatch = document.createElement('span');
        swatch.className = 'legende-case';
        swatch.style.background = CLASS_COLOURS[c.classe] || CLASS_COLOURS[0];
        li.appendChild(swatch);
        li.appendChild(document.createTextNode(c.libelle));
        list.appendChild(li);
      });
      legendBox.appendChild(title);
      legendBox.appendChild(list);
      legendBox.hidden = false;
    }

    function update(layer) {
      if (layer.pending) { layer.pending.abort(); layer.pending = null; }
      if (!layer.box.checked) {
        map.removeLayer(layer.group);
        layer.group.clearLayers();
        layer.drawn = null;
        if (layer.name === 'fragilite' && legendBox) legendBox.hidden = true;
        say('Couche « ' + layer.label + ' » retirée de la carte.');
        return;
      }
      var zoom = map.getZoom();
      if (zoom < layer.minZoom) {
        map.removeLayer(layer.group);
        layer.drawn = null;
        say('Couche « ' + layer.label + ' » : zoomez pour l\'afficher.');
        return;
      }
      var view = map.getBounds();
      // Drawn for this zoom over a wider area: nothing to fetch.
      if (layer.drawn && layer.drawn.zoom === zoom && layer.drawn.bounds.contains(view)) return;
      var wide = view.pad(0.5);
      var bbox = [wide.getWest(), wide.getSouth(), wide.getEast(), wide.getNorth()].map(function (x, i) {
        var lim = i % 2 === 0 ? 180 : 90;
        return Math.max(-lim, Math.min(lim, x)).toFixed(4);
      }).join(',');
      layer.pending = new AbortController();
      fetch('/carte/couches/' + layer.name + '.geojson?zoom=' + zoom + '&bbox=' + bbox, { signal: layer.pending.signal })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          layer.pending = null;
          if (!res.ok) { say('Couche « ' + layer.label + ' » : ' + (res.data.erreur || 'indisponible') + '.'); return; }
          layer.group.clearLayers();
          layer.group.addData(res.data);
          layer.group.addTo(map);
          layer.drawn = { zoom: zoom, bounds: wide };
          if (res.data.legende) legend(layer, res.data.legende);
          var n = res.data.features.length;
          say('Couche « ' + layer.label + ' » : ' + n + (n > 1 ? ' contours affichés.' : ' contour affiché.'));
          // How many times a layer was drawn (the browser tests wait on it).
          el.dataset.couchesTracees = String((parseInt(el.dataset.couchesTracees, 10) || 0) + 1);
        }).catch(function () {});
    }
    map.on('moveend', function () { layers.forEach(function (l) { if (l.box.checked) update(l); }); });
  }
})();

// The counter's scanner, in a function of its own: the map's code above
// returns early on every page without a map (the counter has none).
(function () {
  'use strict';

  // The counter's scanner (« Utiliser un pass »): the camera reads the
  // pass's QR code (the browser's BarcodeDetector, else jsQR served by the
  // site) and fills the code's field, then verifies; typing always works.
  document.querySelectorAll('[data-scanner-form]').forEach(function (form) {
    var button = form.querySelector('[data-scanner-bouton]');
    var field = form.querySelector('[data-scanner-champ]');
    var video = form.querySelector('[data-scanner-video]');
    var status = form.querySelector('[data-scanner-etat]');
    if (!button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    var label = button.textContent;
    var stream = null, timer = null, detector = null;
    var canvas = document.createElement('canvas');
    button.hidden = false;
    // The QR code holds the counter's address with ?code=; a code alone
    // is taken as it is.
    function codeOf(text) {
      try {
        var c = new URL(text).searchParams.get('code');
        if (c) return c;
      } catch (e) { /* not an address */ }
      return text.trim();
    }
    function stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.hidden = true;
      button.textContent = label;
    }
    function found(text) {
      field.value = codeOf(text);
      stop();
      if (!form.checkValidity()) {
        status.textContent = 'Code lu : ' + field.value + '. Choisissez le lieu, puis « Vérifier ».';
        form.reportValidity();
        return;
      }
      status.textContent = 'Code lu : ' + field.value + '. Vérification…';
      form.submit();
    }
    function later() { timer = setTimeout(tick, 150); }
    function tick() {
      if (!stream) return;
      if (video.readyState < 2) return later();
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) found(codes[0].rawValue); else later();
        }, later);
        return;
      }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(video, 0, 0);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var r = window.jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
      if (r && r.data) found(r.data); else later();
    }
    function start() {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        video.play();
        button.textContent = 'Arrêter le scanner';
        status.textContent = 'Présentez le QR code du pass à la caméra.';
        tick();
      }, function () {
        status.textContent = 'La caméra n\'est pas disponible : tapez le code du pass.';
      });
    }
    function withJsQR() {
      if (window.jsQR) return start();
      var script = document.createElement('script');
      script.src = '/static/vendor/jsqr/jsQR.js';
      script.onload = start;
      script.onerror = function () { status.textContent = 'Le lecteur de QR code n\'a pas pu être chargé : tapez le code du pass.'; };
      document.head.appendChild(script);
    }
    button.addEventListener('click', function () {
      if (stream) { stop(); status.textContent = ''; return; }
      status.textContent = 'Ouverture de la caméra…';
      if (!('BarcodeDetector' in window)) return withJsQR();
      window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf('qr_code') < 0) return withJsQR();
        detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        start();
      }, withJsQR);
    });
  });
})();
