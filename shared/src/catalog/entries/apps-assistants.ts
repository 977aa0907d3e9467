import type { AppEntryInput } from '../schema.js';
import { cask, codesign } from './sources.js';

const ANTHROPIC_TEAM = 'Q6L2SF6YDW';
const OPENAI_TEAM = '2DC432GLL2';

/** Desktop chat assistants, AI browsers and AI voice/meeting apps. */
export const AI_ASSISTANT_APPS: readonly AppEntryInput[] = [
  {
    id: 'chatgpt-desktop',
    name: 'ChatGPT desktop',
    vendor: 'OpenAI',
    kind: 'desktop_app',
    risk: 'General-purpose assistant with file upload, screen and app context ("Work with Apps"); content leaves to OpenAI under the user\'s own account unless the workspace is managed.',
    homepage: 'https://chatgpt.com/download',
    signals: [
      {
        source: 'https://help.openai.com/en/articles/9275200-using-the-chatgpt-macos-app',
        processNames: { darwin: ['ChatGPT'], win32: ['ChatGPT.exe'] },
        bundleIds: ['com.openai.chat'],
        installPaths: { darwin: ['/Applications/ChatGPT.app/'] },
      },
      { source: codesign('/Applications/ChatGPT.app', 'public allowlists of signed OpenAI apps'), teamIds: [OPENAI_TEAM] },
      {
        source: 'https://apps.microsoft.com/detail/9nt1r1c2hh7j',
        packageFamilyNames: ['OpenAI.ChatGPT-Desktop_2p2nqsd0c76g0'],
        installPaths: { win32: ['%PROGRAMFILES%\\WindowsApps\\OpenAI.ChatGPT-Desktop_*'] },
        configPaths: { win32: ['%LOCALAPPDATA%\\Packages\\OpenAI.ChatGPT-Desktop_2p2nqsd0c76g0\\'] },
      },
      { source: 'https://chatgpt.com/', titles: ['ChatGPT'] },
    ],
  },
  {
    id: 'codex-app',
    name: 'Codex app',
    vendor: 'OpenAI',
    kind: 'desktop_app',
    risk: 'OpenAI\'s desktop agent app (Codex, now also shipped as ChatGPT.app): reads and edits local repositories and runs commands.',
    homepage: 'https://openai.com/codex/',
    signals: [
      {
        source: cask('c/chatgpt.rb'),
        bundleIds: ['com.openai.codex'],
        configPaths: { darwin: ['~/Library/Application Support/Codex/', '~/.codex/'] },
      },
      { source: codesign('the Codex app', 'public allowlists of signed OpenAI apps'), teamIds: [OPENAI_TEAM] },
      {
        source: 'https://apps.microsoft.com/detail/9PLM9XGG6VKS',
        packageFamilyNames: ['OpenAI.Codex_2p2nqsd0c76g0'],
        installPaths: { win32: ['%PROGRAMFILES%\\WindowsApps\\OpenAI.Codex_*'] },
      },
    ],
  },
  {
    id: 'claude-desktop',
    name: 'Claude desktop',
    vendor: 'Anthropic',
    kind: 'desktop_app',
    risk: 'Assistant with file upload, desktop extensions and local MCP servers that can read files and run tools on the machine.',
    homepage: 'https://claude.com/download',
    signals: [
      {
        source: cask('c/claude.rb'),
        processNames: { darwin: ['Claude'] },
        bundleIds: ['com.anthropic.claudefordesktop'],
        installPaths: { darwin: ['/Applications/Claude.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/Claude/', '~/Library/Logs/Claude/'] },
      },
      { source: codesign('/Applications/Claude.app', 'public allowlists of signed Anthropic apps'), teamIds: [ANTHROPIC_TEAM] },
      {
        source: 'https://modelcontextprotocol.io/quickstart/user',
        processNames: { win32: ['claude.exe'] },
        configPaths: {
          darwin: ['~/Library/Application Support/Claude/claude_desktop_config.json'],
          win32: ['%APPDATA%\\Claude\\'],
        },
        installPaths: { win32: ['%LOCALAPPDATA%\\AnthropicClaude\\'] },
      },
      {
        source: 'product: Authenticode subject (CN=Anthropic, PBC) and MSIX package family of the Windows claude.exe, as recorded by public Windows identity checks',
        publishers: ['Anthropic, PBC'],
        packageFamilyNames: ['Claude_pzs8sxrjxfjjc'],
        installPaths: { win32: ['%PROGRAMFILES%\\WindowsApps\\Claude_*', '%PROGRAMFILES%\\WindowsApps\\AnthropicPBC.Claude_*'] },
      },
      { source: 'https://claude.ai/', titles: ['Claude'] },
    ],
  },
  {
    id: 'perplexity-desktop',
    name: 'Perplexity desktop',
    vendor: 'Perplexity',
    kind: 'desktop_app',
    risk: 'Answer engine that sends questions and attached files to Perplexity; the macOS app can also act on the computer.',
    homepage: 'https://www.perplexity.ai/',
    signals: [
      {
        source: cask('p/perplexity.rb'),
        processNames: { darwin: ['Perplexity'], win32: ['Perplexity.exe'] },
        bundleIds: ['ai.perplexity.macv3', 'ai.perplexity.mac'],
        installPaths: { darwin: ['/Applications/Perplexity.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/ai.perplexity.macv3/'] },
      },
    ],
  },
  {
    id: 'perplexity-comet',
    name: 'Comet',
    vendor: 'Perplexity',
    kind: 'ai_browser',
    risk: 'Chromium browser with an assistant that reads the open pages and acts in them on the user\'s behalf (agentic browsing).',
    homepage: 'https://www.perplexity.ai/comet',
    signals: [
      {
        source: cask('c/comet.rb'),
        processNames: { darwin: ['Comet'], win32: ['comet.exe'] },
        bundleIds: ['ai.perplexity.comet'],
        installPaths: { darwin: ['/Applications/Comet.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/ai.perplexity.comet/'] },
      },
    ],
  },
  {
    id: 'chatgpt-atlas',
    name: 'ChatGPT Atlas',
    vendor: 'OpenAI',
    kind: 'ai_browser',
    risk: 'Browser with ChatGPT built in: page content, browsing memories and agent-mode actions go to OpenAI.',
    homepage: 'https://chatgpt.com/atlas',
    signals: [
      {
        source: cask('c/chatgpt-atlas.rb'),
        processNames: { darwin: ['ChatGPT Atlas'] },
        bundleIds: ['com.openai.atlas'],
        installPaths: { darwin: ['/Applications/ChatGPT Atlas.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/com.openai.atlas/', '~/Library/Application Support/OpenAI/ChatGPT Atlas/'] },
      },
      { source: codesign('/Applications/ChatGPT Atlas.app', 'public allowlists of signed OpenAI apps'), teamIds: [OPENAI_TEAM] },
    ],
  },
  {
    id: 'dia-browser',
    name: 'Dia',
    vendor: 'The Browser Company',
    kind: 'ai_browser',
    risk: 'Browser built around an assistant that reads open tabs; page content is sent to the vendor\'s models.',
    homepage: 'https://www.diabrowser.com/',
    signals: [
      {
        source: cask('t/thebrowsercompany-dia.rb'),
        processNames: { darwin: ['Dia'] },
        bundleIds: ['company.thebrowser.dia'],
        installPaths: { darwin: ['/Applications/Dia.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/Dia/'] },
      },
    ],
  },
  {
    id: 'microsoft-copilot-app',
    name: 'Microsoft Copilot app',
    vendor: 'Microsoft',
    kind: 'desktop_app',
    risk: 'Consumer Copilot assistant for Windows; outside Microsoft 365 tenant controls when used with a personal account.',
    homepage: 'https://www.microsoft.com/microsoft-copilot',
    signals: [
      {
        source: 'https://apps.microsoft.com/detail/9nht9rb2f4hd',
        packageFamilyNames: ['Microsoft.Copilot_8wekyb3d8bbwe'],
        installPaths: { win32: ['%PROGRAMFILES%\\WindowsApps\\Microsoft.Copilot_*'] },
      },
    ],
  },
  {
    id: 'msty',
    name: 'Msty',
    vendor: 'CloudStack',
    kind: 'desktop_app',
    risk: 'Chat client for local and remote models; stores provider API keys and can run a bundled local model service.',
    homepage: 'https://msty.app/',
    signals: [
      {
        source: cask('m/msty.rb'),
        processNames: { darwin: ['Msty'], win32: ['Msty.exe'], linux: ['msty'] },
        bundleIds: ['app.msty.app'],
        installPaths: { darwin: ['/Applications/Msty.app/'], win32: ['%LOCALAPPDATA%\\Programs\\Msty\\'] },
        configPaths: { darwin: ['~/Library/Application Support/Msty/'], win32: ['%APPDATA%\\Msty\\'] },
      },
    ],
  },
  {
    id: 'cherry-studio',
    name: 'Cherry Studio',
    vendor: 'CherryHQ',
    kind: 'desktop_app',
    risk: 'Multi-provider chat client holding API keys for many model vendors, with MCP server support.',
    homepage: 'https://www.cherry-ai.com/',
    signals: [
      {
        source: cask('c/cherry-studio.rb'),
        processNames: { darwin: ['Cherry Studio'], win32: ['Cherry Studio.exe'], linux: ['cherry-studio'] },
        bundleIds: ['com.kangfenmao.CherryStudio'],
        asarNames: ['CherryStudio'],
        installPaths: { darwin: ['/Applications/Cherry Studio.app/'], win32: ['%LOCALAPPDATA%\\Programs\\Cherry Studio\\'] },
        configPaths: { darwin: ['~/Library/Application Support/CherryStudio/'], win32: ['%APPDATA%\\CherryStudio\\'] },
      },
    ],
  },
  {
    id: 'chatbox',
    name: 'Chatbox',
    vendor: 'Chatbox AI',
    kind: 'desktop_app',
    risk: 'Desktop client for OpenAI, Claude, Gemini and local models using the user\'s own API keys.',
    homepage: 'https://chatboxai.app/',
    signals: [
      {
        source: cask('c/chatbox.rb'),
        processNames: { darwin: ['Chatbox'], win32: ['Chatbox.exe'], linux: ['chatbox'] },
        bundleIds: ['xyz.chatboxapp.app'],
        installPaths: { darwin: ['/Applications/Chatbox.app/'], win32: ['%LOCALAPPDATA%\\Programs\\chatbox\\'] },
        configPaths: { darwin: ['~/Library/Application Support/xyz.chatboxapp.app/'] },
      },
    ],
  },
  {
    id: 'goose-desktop',
    name: 'Goose desktop',
    vendor: 'Block',
    kind: 'desktop_app',
    risk: 'Desktop front end of the goose agent: runs shell commands and MCP extensions with the user\'s rights.',
    homepage: 'https://block.github.io/goose/',
    signals: [
      {
        source: 'https://block.github.io/goose/docs/getting-started/installation',
        processNames: { darwin: ['Goose'], win32: ['Goose.exe'] },
        bundleIds: ['com.block.goose'],
        installPaths: { darwin: ['/Applications/Goose.app/'] },
        configPaths: { darwin: ['~/.config/goose/'], linux: ['~/.config/goose/'], win32: ['%APPDATA%\\Block\\goose\\'] },
      },
    ],
  },
  {
    id: 'superwhisper',
    name: 'superwhisper',
    vendor: 'superwhisper',
    kind: 'desktop_app',
    risk: 'Dictation app that can send recorded speech and the text around the cursor to cloud models.',
    homepage: 'https://superwhisper.com/',
    signals: [
      {
        source: cask('s/superwhisper.rb'),
        processNames: { darwin: ['superwhisper'] },
        bundleIds: ['com.superduper.superwhisper'],
        installPaths: { darwin: ['/Applications/superwhisper.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/superwhisper/', '~/Documents/superwhisper/'] },
      },
    ],
  },
  {
    id: 'wispr-flow',
    name: 'Wispr Flow',
    vendor: 'Wispr',
    kind: 'desktop_app',
    risk: 'Voice dictation that sends audio and the active app\'s context to the vendor\'s cloud models.',
    homepage: 'https://wisprflow.ai/',
    signals: [
      {
        source: cask('w/wispr-flow.rb'),
        processNames: { darwin: ['Wispr Flow'], win32: ['Wispr Flow.exe'] },
        bundleIds: ['com.electron.wispr-flow'],
        installPaths: { darwin: ['/Applications/Wispr Flow.app/'] },
        configPaths: { darwin: ['~/Library/Application Support/Wispr Flow/'] },
      },
    ],
  },
  {
    id: 'granola',
    name: 'Granola',
    vendor: 'Granola',
    kind: 'desktop_app',
    risk: 'Meeting notetaker that records system audio of calls and sends transcripts to cloud models.',
    homepage: 'https://www.granola.ai/',
    signals: [
      {
        source: cask('g/granola.rb'),
        processNames: { darwin: ['Granola'], win32: ['Granola.exe'] },
        bundleIds: ['com.granola.app'],
        installPaths: { darwin: ['/Applications/Granola.app/'], win32: ['%LOCALAPPDATA%\\Programs\\Granola\\'] },
        configPaths: { darwin: ['~/Library/Application Support/Granola/'] },
      },
    ],
  },
  {
    id: 'macwhisper',
    name: 'MacWhisper',
    vendor: 'Good Snooze',
    kind: 'desktop_app',
    risk: 'Local Whisper transcription of recordings and meetings, with optional cloud AI summaries.',
    homepage: 'https://goodsnooze.gumroad.com/l/macwhisper',
    signals: [
      {
        source: 'product: CFBundleIdentifier of MacWhisper.app (https://goodsnooze.gumroad.com/l/macwhisper)',
        processNames: { darwin: ['MacWhisper'] },
        bundleIds: ['com.goodsnooze.MacWhisper'],
        installPaths: { darwin: ['/Applications/MacWhisper.app/'] },
      },
    ],
  },
  {
    id: 'diffusionbee',
    name: 'DiffusionBee',
    vendor: 'DiffusionBee',
    kind: 'local_runtime',
    risk: 'Runs Stable Diffusion image models locally; downloads multi-gigabyte model files.',
    homepage: 'https://diffusionbee.com/',
    signals: [
      {
        source: 'https://github.com/divamgupta/diffusionbee-stable-diffusion-ui',
        processNames: { darwin: ['DiffusionBee'] },
        bundleIds: ['com.diffusionbee.diffusionbee'],
        installPaths: { darwin: ['/Applications/DiffusionBee.app/'] },
        modelPaths: { darwin: ['~/.diffusionbee/'] },
      },
    ],
  },
  {
    id: 'draw-things',
    name: 'Draw Things',
    vendor: 'Liu Liu',
    kind: 'local_runtime',
    risk: 'Local image and video generation on Apple hardware; stores downloaded model weights.',
    homepage: 'https://drawthings.ai/',
    signals: [
      {
        source: 'product: CFBundleIdentifier of Draw Things.app (https://drawthings.ai/)',
        processNames: { darwin: ['Draw Things'] },
        bundleIds: ['com.liuliu.draw-things'],
        installPaths: { darwin: ['/Applications/Draw Things.app/'] },
      },
    ],
  },
  {
    id: 'doubao-desktop',
    name: 'Doubao desktop',
    vendor: 'ByteDance',
    kind: 'desktop_app',
    risk: 'ByteDance\'s assistant for desktop; data is processed in China-based services.',
    homepage: 'https://www.doubao.com/download/desktop',
    signals: [
      {
        source: 'https://www.doubao.com/download/desktop',
        processNames: { win32: ['Doubao.exe'], darwin: ['Doubao'] },
        installPaths: { darwin: ['/Applications/Doubao.app/'] },
      },
    ],
  },
];
