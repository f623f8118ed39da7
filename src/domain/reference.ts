// Shared option lists (values only; labels are i18n keys `records:options.<list>.<value>`).
// Grounded in Permen PPPA 2/2024 (Lampiran) and the services it names. Values are stable
// identifiers stored in records and exports: add new ones, never rename or reuse old ones.

/** Documents of a procedural migrant worker (UU 18/2017 Pasal 13 and common practice). */
export const MIGRANT_DOCUMENTS = [
  'ktp',
  'kartu_keluarga',
  'akta_kelahiran',
  'ijazah',
  'surat_status_perkawinan',
  'surat_izin_keluarga',
  'sertifikat_kompetensi',
  'surat_sehat_psikologi',
  'paspor',
  'visa_kerja',
  'perjanjian_penempatan',
  'perjanjian_kerja',
  'bpjs_ketenagakerjaan',
  'opp',
  'id_pmi',
] as const;

/** States of one document in the migrant's documents checklist. */
export const DOCUMENT_STATES = ['held', 'not_held', 'unknown', 'suspected_false'] as const;

/** Common destinations of Indonesian migrant workers, plus the online-scam countries of Lampiran BAB I A. */
export const DESTINATION_COUNTRIES = [
  'MY',
  'SG',
  'HK',
  'TW',
  'SA',
  'AE',
  'QA',
  'KW',
  'OM',
  'BH',
  'JO',
  'TR',
  'KR',
  'JP',
  'BN',
  'KH',
  'MM',
  'PH',
  'LA',
  'TH',
  'VN',
  'CN',
  'AU',
  'NZ',
  'PL',
  'DE',
  'NL',
  'US',
  'other',
] as const;

export const MIGRATION_PURPOSES = ['work', 'study', 'marriage', 'family', 'other'] as const;

export const JOB_SECTORS = [
  'domestic_work',
  'caregiving',
  'plantation',
  'agriculture',
  'construction',
  'factory',
  'hospitality',
  'fishing_vessel_crew',
  'merchant_ship_crew',
  'online_work',
  'entertainment',
  'trade',
  'other',
] as const;

export const RECRUITER_TYPES = [
  'licensed_agency',
  'unlicensed_agency',
  'individual_sponsor',
  'family_or_friend',
  'social_media',
  'self_arranged',
  'government_program',
  'unknown',
  'other',
] as const;

export const SOCIAL_MEDIA_APPS = [
  'facebook',
  'whatsapp',
  'instagram',
  'tiktok',
  'telegram',
  'line',
  'x_twitter',
  'job_website',
  'other',
] as const;

/** Known modus operandi of TPPO (Lampiran BAB I A). */
export const MODUS = [
  'false_job_offer',
  'forged_identity',
  'confinement_in_shelter',
  'unpaid_training',
  'placement_not_as_promised',
  'documents_confiscated',
  'sexual_exploitation',
  'mail_order_bride',
  'contract_marriage',
  'child_labour',
  'baby_trafficking',
  'fishing_vessel_crew',
  'online_scam',
  'debt_bondage',
  'other',
] as const;

/** Where a referral or report goes (Pasal 7, Lampiran BAB II C.2). */
export const REFERRAL_TARGETS = [
  'bhabinkamtibmas',
  'polsek',
  'polres',
  'kejaksaan',
  'gugus_tugas',
  'uptd_ppa',
  'dinas_pppa',
  'dinas_sosial',
  'disnaker',
  'bp2mi',
  'lpsk',
  'perwakilan_ri',
  'health_facility',
  'legal_aid',
  'other',
] as const;

/** Reporting channels of Pasal 7 ayat (1). */
export const REPORT_CHANNELS = [
  'in_person',
  'complaint_service',
  'online',
  'other_official',
] as const;

/** Evidence a reporter may prepare (Pasal 7 ayat 2). */
export const EVIDENCE_TYPES = [
  'recruitment_letter',
  'work_contract',
  'witnesses',
  'electronic_documents',
  'photos',
  'other',
] as const;

/** Services a victim may need (Lampiran BAB II C.4). */
export const VICTIM_SERVICES = [
  'health_rehabilitation',
  'social_rehabilitation',
  'psychological_support',
  'legal_aid',
  'temporary_shelter',
  'repatriation',
  'social_reintegration',
  'post_return_monitoring',
] as const;

export const EDUCATION_LEVELS = ['none', 'sd', 'smp', 'sma', 'diploma', 'university'] as const;

/** ILO indicators of forced labour (11). */
export const ILO_INDICATORS = [
  'abuse_of_vulnerability',
  'deception',
  'restriction_of_movement',
  'isolation',
  'physical_sexual_violence',
  'intimidation_threats',
  'retention_of_documents',
  'withholding_of_wages',
  'debt_bondage',
  'abusive_conditions',
  'excessive_overtime',
] as const;
