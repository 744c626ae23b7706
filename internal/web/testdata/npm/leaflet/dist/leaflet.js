/* test stand-in for Leaflet */
