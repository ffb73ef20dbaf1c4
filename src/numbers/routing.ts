import { errors } from '../errors/catalogue.js';

/** Where an inbound call goes. Provider surfaces map their handler fields onto this. */
export const VOICE_HANDLERS = [
  'none',
  'webhook',
  'application',
  'sip_endpoint',
  'agent',
  'relay_context',
  'relay_topic',
  'relay_script',
  'relay_application',
  'relay_connector',
  'relay_verto_endpoint',
  'dialogflow',
  'video_room',
  'call_flow',
  'ai_agent',
] as const;
export type VoiceHandler = (typeof VOICE_HANDLERS)[number];

export const MESSAGING_HANDLERS = [
  'none',
  'webhook',
  'application',
  'messaging_profile',
  'relay_context',
  'relay_topic',
  'relay_application',
] as const;
export type MessagingHandler = (typeof MESSAGING_HANDLERS)[number];

export type HttpMethod = 'GET' | 'POST';

interface WebhookSettings {
  url?: string | null;
  method?: HttpMethod;
  fallback_url?: string | null;
  fallback_method?: HttpMethod;
  status_callback_url?: string | null;
  status_callback_method?: HttpMethod;
  /** The application, endpoint, context, topic or agent the handler hands over to. */
  target?: string | null;
}

export interface VoiceRouting extends WebhookSettings {
  handler: VoiceHandler;
  receive_mode?: 'voice' | 'fax';
  caller_id_lookup?: boolean;
}

export interface MessagingRouting extends WebhookSettings {
  handler: MessagingHandler;
}

/** A routing setting must say where to go: a webhook needs its URL, any other handler its target. */
export function assertRoutingComplete(kind: 'voice' | 'messaging', routing: VoiceRouting | MessagingRouting): void {
  if (routing.handler === 'none') return;
  if (routing.handler === 'webhook') {
    if (!routing.url) {
      throw errors.validation(`${kind}.url is required when the ${kind} handler is webhook.`, { pointer: `/${kind}/url` });
    }
    return;
  }
  if (!routing.target) {
    throw errors.validation(`${kind}.target is required when the ${kind} handler is ${routing.handler}.`, {
      pointer: `/${kind}/target`,
    });
  }
}
