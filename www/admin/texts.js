// Written by the crate (src/overview/page_texts.rs; WRITE_TEXTS=1 cargo test --test page_texts):
// the overview's words that the page shares with the rows and the CSV. Do not edit.
export const words = {
  "en": {
    "headings": {
      "server": "Server",
      "name": "Name",
      "serverStatus": "Server Status",
      "reloadStatus": "Reload Status",
      "rebuildStatus": "Rebuild Status",
      "versionStatus": "Version Status",
      "blocksLogins": "Blocks logins now",
      "version": "Version",
      "centralVersion": "Central version",
      "pendingBatches": "Data Pending to sync",
      "tillsBlocked": "Tills blocked (last hour)",
      "tillsCouldNotCheck": "Tills that could not check (last hour)",
      "differences": "Differences",
      "error": "Error",
      "checkedAt": "Checked at",
      "url": "URL"
    },
    "versionStatus": {
      "same": "Same as Central",
      "different": "Different from Central",
      "unknown": "Unknown"
    },
    "trend": {
      "draining": "draining",
      "growing": "growing",
      "steady": "steady"
    }
  },
  "es": {
    "headings": {
      "server": "Servidor",
      "name": "Nombre",
      "serverStatus": "Estado del servidor",
      "reloadStatus": "Estado de la recarga",
      "rebuildStatus": "Estado de la recompilación",
      "versionStatus": "Estado de la versión",
      "blocksLogins": "Bloquea inicios de sesión ahora",
      "version": "Versión",
      "centralVersion": "Versión de la central",
      "pendingBatches": "Datos pendientes de sincronizar",
      "tillsBlocked": "Terminales bloqueados (última hora)",
      "tillsCouldNotCheck": "Terminales que no pudieron comprobar (última hora)",
      "differences": "Diferencias",
      "error": "Error",
      "checkedAt": "Hora de consulta",
      "url": "URL"
    },
    "versionStatus": {
      "same": "Igual que Central",
      "different": "Diferente de Central",
      "unknown": "Desconocido"
    },
    "trend": {
      "draining": "bajando",
      "growing": "subiendo",
      "steady": "estable"
    }
  }
};
