// Read aloud (issue 8, "Beyond the fixes"): a question and its options spoken in Bahasa Indonesia
// by the phone's own speech synthesis. A voice the phone has installed (`localService`) works
// without signal; a voice that needs the network is used but the form says so; with no
// Indonesian voice at all the form says that, plainly, instead of showing buttons that do nothing.
import { useEffect, useState } from 'preact/hooks';

export type SpeechStatus = 'unsupported' | 'no_voice' | 'online_only' | 'ready';

/** BCP 47 tag spoken for a UI language. */
export const SPEECH_LANG: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

function synth(): SpeechSynthesis | undefined {
  return typeof window !== 'undefined' && 'speechSynthesis' in window
    ? window.speechSynthesis
    : undefined;
}

/** The best voice for a language: one installed on the phone first, then any. */
export function pickVoice(
  voices: readonly SpeechSynthesisVoice[],
  lang: string,
): SpeechSynthesisVoice | undefined {
  const prefix = lang.slice(0, 2).toLowerCase();
  const matching = voices.filter((voice) =>
    voice.lang.toLowerCase().replace('_', '-').startsWith(prefix),
  );
  return matching.find((voice) => voice.localService) ?? matching[0];
}

/** What reading aloud can do on this phone for `lang`. */
export function speechStatus(
  voices: readonly SpeechSynthesisVoice[] | undefined,
  lang: string,
): SpeechStatus {
  if (voices === undefined) return 'unsupported';
  const voice = pickVoice(voices, lang);
  if (!voice) return 'no_voice';
  return voice.localService ? 'ready' : 'online_only';
}

/** Speech status for `lang` (updated when the phone finishes loading its voices) and `speak`. */
export function useSpeech(lang: string): { status: SpeechStatus; speak: (text: string) => void } {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[] | undefined>(() =>
    synth()?.getVoices(),
  );
  useEffect(() => {
    const speech = synth();
    if (!speech) return;
    const update = () => setVoices(speech.getVoices());
    update();
    speech.addEventListener?.('voiceschanged', update);
    return () => {
      speech.removeEventListener?.('voiceschanged', update);
      speech.cancel();
    };
  }, []);
  const speak = (text: string) => {
    const speech = synth();
    if (!speech || !voices) return;
    speech.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    const voice = pickVoice(voices, lang);
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9;
    speech.speak(utterance);
  };
  return { status: speechStatus(voices, lang), speak };
}
