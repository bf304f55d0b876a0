/*
 * gapcheck's local stand-in for the "iframe-worker" shim of Material's offline plugin.
 *
 * A page opened from a folder (file://) may not start a Web Worker, and the site's search
 * runs in one. Here the worker's script runs in a hidden iframe of the same page instead,
 * behind the same interface (postMessage, message events, terminate). Served over http(s),
 * this file does nothing and real workers are used.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || "IFrameWorker" in window) return;

  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      doc.body.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._queue = [];
      this._ready = false;
      var src = new URL(url, location.href).href;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      (document.body || document.documentElement).appendChild(frame);
      this._frame = frame;
      var win = frame.contentWindow;
      var self = this;
      // What the worker script calls as its global postMessage goes to the page.
      win.postMessage = function (data) {
        setTimeout(function () { self._emit(new MessageEvent("message", { data: structuredClone(data) })); });
      };
      // Material's search worker awaits importScripts (for languages other than English).
      win.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, next) {
          return done.then(function () { return loadScript(win.document, new URL(next, src).href); });
        }, Promise.resolve());
      };
      win.addEventListener("error", function (event) {
        self._emit(new ErrorEvent("error", { message: event.message }));
      });
      loadScript(win.document, src).then(function () {
        self._ready = true;
        self._queue.splice(0).forEach(function (data) { self._deliver(data); });
      }, function (error) {
        self._emit(new ErrorEvent("error", { message: String(error) }));
      });
    }

    postMessage(data) {
      if (this._ready) this._deliver(data);
      else this._queue.push(data);
    }

    terminate() {
      this._frame.remove();
    }

    _deliver(data) {
      var win = this._frame.contentWindow;
      if (!win) return;
      // Clone into the iframe's own realm, as a real worker would receive a copy.
      var copy = win.structuredClone(data);
      setTimeout(function () { win.dispatchEvent(new win.MessageEvent("message", { data: copy })); });
    }

    _emit(event) {
      var handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
      this.dispatchEvent(event);
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
