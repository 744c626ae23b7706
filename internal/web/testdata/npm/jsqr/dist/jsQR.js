// jsQR stand-in for the tests (the real file comes from npm).
window.jsQR = function () { return null; };
