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
  // beside it holds the same places.
  var el = document.getElementById('carte');
  if (!el || typeof L === 'undefined') return;
  var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.dataset.tuiles, { maxZoom: 19, attribution: 'IGN-F / Géoplateforme' }).addTo(map);
  if (isFinite(lat) && isFinite(lon)) {
    map.setView([lat, lon], parseInt(el.dataset.zoom, 10) || 12);
  } else {
    map.setView([46.6, 2.4], 5);
  }
  var layer = L.layerGroup().addTo(map);
  var target = el.dataset.lien === 'top' ? '_top' : '_self';
  var pending = null;
  function refresh() {
    var b = map.getBounds();
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (x) { return x.toFixed(5); }).join(',');
    var url = '/api/v1/clusters?bbox=' + bbox + '&zoom=' + map.getZoom() + (el.dataset.filtres ? '&' + el.dataset.filtres : '');
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal }).then(function (r) { return r.json(); }).then(function (data) {
      layer.clearLayers();
      data.clusters.forEach(function (c) {
        if (c.nombre === 1) {
          var m = L.marker([c.lat, c.lon], { title: c.nom, alt: c.nom, keyboard: true });
          m.on('click', function () { window.open('/lieux/' + encodeURIComponent(c.id), target); });
          m.on('keypress', function (e) { if (e.originalEvent.key === 'Enter') window.open('/lieux/' + encodeURIComponent(c.id), target); });
          layer.addLayer(m);
        } else {
          var size = c.nombre < 10 ? 32 : c.nombre < 100 ? 40 : 48;
          var icon = L.divIcon({ className: 'marqueur-groupe', html: String(c.nombre), iconSize: [size, size] });
          var g = L.marker([c.lat, c.lon], { icon: icon, title: c.nombre + ' lieux : zoomer', keyboard: true });
          g.on('click', function () { map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { padding: [20, 20], maxZoom: 18 }); });
          layer.addLayer(g);
        }
      });
    }).catch(function () {});
  }
  map.on('moveend', refresh);
  refresh();
})();
