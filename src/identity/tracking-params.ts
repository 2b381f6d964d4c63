// Query parameters that say how a reader arrived, not which page they asked for: removed from canonical URLs.
// Names are compared in lower case. Add a name here only when it never selects content on any site we know of
// (so not `id`, `ref`, `source`, `cid`, `page`, `p`).
export const TRACKING_PREFIXES: readonly string[] = ['utm_', 'at_', 'pk_', 'mtm_', 'ns_', 'hsa_', '_hs', 'oly_', 'vero_', 'soc_', 'guce_'];

export const TRACKING_PARAMS: readonly string[] = [
  // ad-click ids
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid', 'igsh',
  // mail and marketing platforms
  'mc_cid', 'mc_eid', 'mkt_tok', '_ga', '_gl', '_ke', 'rb_clickid', 'sc_cid', 's_cid', 'ml_subscriber', 'ml_subscriber_hash',
  // news-site campaign and share markers
  'ocid', 'cmpid', 'taid', 'ncid', 'icid', 'smid', 'smtyp', 'sr_share', 'share', 'spm', 'ito', 'xtor', 'wt.mc_id', 'wt_mc',
  'cmp', 'ref_src', 'ref_url', 'guccounter', 'feedtype', 'feedname', 'rss_source', 'src_trk', 'trk', 'trkcampaign',
  'sref', 'fromrss',
];
