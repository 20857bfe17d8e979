import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge, PRELOAD_GLOBAL } from './preload-bridge.ts';

// The dashboard window's preload (sandboxed, context-isolated): exposes the Bridge transport and nothing
// else. Sandboxed preloads cannot load files, so this is bundled into one script (see build/).
contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, createPreloadBridge(ipcRenderer));
