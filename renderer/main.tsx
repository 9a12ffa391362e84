/**
 * The renderer's entry: the only place that knows which transport is under the bridge (the
 * Electron preload's IPC, else the headless host's HTTP + SSE). Everything below gets a Bridge.
 */
import "./styles/base.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBridge } from "../shared/bridge.js";
import { App } from "./app/App.js";
import { takeDashboardToken } from "./bridge/dashboard-token.js";
import { httpTransport } from "./bridge/http-transport.js";
import { preloadTransport } from "./bridge/ipc-transport.js";
import { createCrewStore } from "./store/crew-store.js";
import { StoreProvider } from "./store/store-context.js";

const root = createRoot(document.getElementById("root") as HTMLElement);
const transport =
  preloadTransport() ??
  (() => {
    const token = takeDashboardToken(window.location, window.history, window.sessionStorage);
    return token ? httpTransport(token) : undefined;
  })();

if (transport) {
  const store = createCrewStore(createBridge(transport));
  store.getState().connect();
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
} else {
  root.render(
    <main className="no-token">
      <h1>Switchyard</h1>
      <p>
        Open the address the daemon printed (the line starting with <code>dashboard:</code>): it carries the
        token this dashboard needs.
      </p>
    </main>,
  );
}
