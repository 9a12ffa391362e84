/** Renders a view inside the store provider, as the App does. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import type { CrewStore } from "../../renderer/store/crew-store.js";
import { StoreProvider } from "../../renderer/store/store-context.js";

export const renderWithStore = (store: CrewStore, view: ReactElement) =>
  render(<StoreProvider store={store}>{view}</StoreProvider>);
