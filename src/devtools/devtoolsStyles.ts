// The panel's styles, inside its shadow root: the app's rules do not reach in, these do not reach
// out. `.root` resets what inherits through the shadow boundary (color, font, line-height…).
export const DEVTOOLS_CSS = `
.root { all: initial; font: 13px/1.45 ui-sans-serif, system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d1d1f; }
.root *, .root *::before, .root *::after { box-sizing: border-box; }
.corner { position: fixed; z-index: 2147483646; }
.toggle { all: unset; display: inline-flex; align-items: center; padding: 8px 14px; border-radius: 999px; background: #21124a; color: #fff; font: 600 13px/1 ui-sans-serif, system-ui, sans-serif;
  box-shadow: 0 2px 10px rgb(0 0 0 / 0.3); cursor: pointer; }
.toggle:focus-visible, .close:focus-visible, .recheck:focus-visible, .panel:focus-visible { outline: 3px solid #6f4cff; outline-offset: 2px; }
.bottom-right { right: 16px; bottom: 16px; } .bottom-left { left: 16px; bottom: 16px; }
.top-right { right: 16px; top: 16px; } .top-left { left: 16px; top: 16px; }
.badge { position: absolute; top: -7px; right: -7px; min-width: 18px; padding: 2px 5px; border-radius: 9px; pointer-events: none;
  background: #fff; color: #8a0016; border: 1px solid #8a0016; font: 700 11px/1.2 ui-sans-serif, system-ui, sans-serif; text-align: center; }
.badge.ok { color: #1b5e20; border-color: #1b5e20; }
.panel { position: fixed; z-index: 2147483647; width: min(540px, calc(100vw - 24px)); max-height: min(78vh, 720px); overflow: auto;
  background: #fff; color: #1d1d1f; border: 1px solid #d2d2d7; border-radius: 10px; box-shadow: 0 8px 30px rgb(0 0 0 / 0.25); padding: 0 14px 14px; }
.panel.bottom-right, .panel.bottom-left { bottom: 60px; } .panel.top-right, .panel.top-left { top: 60px; }
.head { position: sticky; top: 0; display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 10px 0 8px; background: #fff; border-bottom: 1px solid #e5e5ea; }
h2 { margin: 0; font-size: 15px; } h3 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: #4a4a55; }
.close, .recheck { all: unset; cursor: pointer; padding: 4px 8px; border-radius: 6px; border: 1px solid #c7c7cc; color: #1d1d1f; background: #f5f5f7; font-size: 12px; }
ul.findings { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 6px; }
.finding { border-radius: 8px; padding: 8px 10px; border-left: 4px solid; }
.finding p { margin: 2px 0 0; } .finding .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 6px; }
.error { background: #fde8eb; border-color: #b00020; color: #5c0011; }
.warn { background: #fff3d6; border-color: #9a6200; color: #4d3100; }
.info { background: #e7f0fb; border-color: #0b5cad; color: #0a3766; }
.healthy { background: #e6f4e7; border-color: #1b5e20; color: #133f16; }
table { width: 100%; border-collapse: collapse; font-size: 12px; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px 3px 0; border-bottom: 1px solid #efeff4; overflow-wrap: anywhere; }
th { font-weight: 600; color: #3a3a44; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.muted { color: #55555f; } .yes { color: #1b5e20; font-weight: 600; } .no { color: #a0001c; font-weight: 600; }
pre { margin: 0; max-height: 200px; overflow: auto; background: #f5f5f7; padding: 6px; border-radius: 6px; font-size: 11px; }
`
