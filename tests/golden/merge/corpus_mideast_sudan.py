# Sudan and Gaza/Israel/Lebanon, 2022-2024. Facts are public; wording and outlets are ours.
R = [
("sd-wad-al-noura-2024-06-05", "Nile Courier", "2024-06-06",
 """KHARTOUM, June 6 - Fighters of the paramilitary Rapid Support Forces attacked the village of Wad al-Noura in Gezira state yesterday, killing at least 104 people, among them 35 children, local activists said. The Wad Madani Resistance Committee said the RSF shelled the village with heavy weapons before storming it, and posted video of a mass burial. Sudan's Sovereignty Council condemned what it called a massacre of unarmed villagers. The RSF said in a statement that its forces had attacked three camps of army-aligned fighters near the village and denied targeting civilians."""),
("sd-wad-al-noura-2024-06-05", "Horn Observer", "2024-06-06",
 """More than 100 villagers were killed on Wednesday in an assault by the Rapid Support Forces on Wad al-Noura, in Sudan's Al Jazirah state, according to activists and the government. The UN children's agency UNICEF said it had received reports that at least 35 children were killed and more than 20 injured. Residents said the attackers came in dozens of armed vehicles. It was one of the deadliest incidents in Gezira since the RSF overran the state in December."""),
("sd-wad-al-noura-2024-06-05", "Global Desk", "2024-06-07",
 """UN officials called for an investigation into the killing of around 100 people in Wad al-Noura, a farming village in Gezira state where the Rapid Support Forces attacked on 5 June. Clementine Nkweta-Salami, the UN's humanitarian coordinator for Sudan, said she was shocked by reports of the attack. The RSF has denied killing civilians and says it fought army fighters in the area."""),

("sd-omdurman-airstrike-2023-07-08", "Nile Courier", "2023-07-08",
 """OMDURMAN, July 8 - An air strike killed at least 22 people in a residential area of Omdurman on Saturday, Sudan's health ministry said, one of the deadliest single attacks since fighting between the army and the Rapid Support Forces broke out in April. The strike hit the Dar es Salaam neighbourhood in the Ombada area of the city. Video posted online showed bodies on the ground and people digging through rubble. The RSF blamed the army's warplanes."""),
("sd-omdurman-airstrike-2023-07-08", "Horn Observer", "2023-07-09",
 """Sudan's health ministry said 22 people were killed and many others wounded when warplanes struck homes in Omdurman on Saturday. The Rapid Support Forces accused the army of killing more than 30 civilians in the attack on the Dar es Salaam district of western Omdurman. There was no immediate comment from the army, which has relied on air power against RSF fighters dug into residential districts of the capital region."""),

("sd-el-geneina-governor-2023-06-14", "Nile Courier", "2023-06-15",
 """The governor of West Darfur, Khamis Abakar, was killed in El Geneina on Wednesday, hours after he accused the Rapid Support Forces of genocide in a television interview, Sudan's army said. Video circulating on social media appeared to show Abakar being detained by men in RSF uniforms, and later images showed his body. The army blamed the paramilitary force for the killing. The RSF condemned the killing of the governor and denied any involvement, blaming what it called outlaws."""),
("sd-el-geneina-governor-2023-06-14", "Sahel Monitor", "2023-06-14",
 """EL GENEINA, Sudan, June 14 - Khamis Abakar, governor of West Darfur state, was abducted and killed on Wednesday in El Geneina, where fighting between Arab militias backed by the Rapid Support Forces and Masalit fighters has raged for weeks. A local source said the governor was taken from his home by armed men. The United Nations mission in Sudan condemned the killing, which came after Abakar called for international intervention to stop attacks on civilians in the city."""),
("sd-el-geneina-governor-2023-06-14", "Global Desk", "2023-06-16",
 """The killing of West Darfur governor Khamis Abakar in El Geneina two days ago has deepened fears of ethnic violence in Darfur, aid groups said on Friday. Abakar, a Masalit leader, was seized and killed on June 14. The RSF said it was not responsible and promised to investigate. The army called the killing a treacherous crime."""),

("sd-ardamata-2023-11-05", "Sahel Monitor", "2023-11-10",
 """The Rapid Support Forces and allied Arab militias killed hundreds of Masalit civilians in Ardamata, on the outskirts of El Geneina in West Darfur, after taking over the army's base there earlier this month, survivors and aid groups said. The Danish Refugee Council said more than 800 people were killed in the attacks, which lasted several days. Survivors who reached Chad said men were taken from their homes and shot. The RSF denied targeting civilians."""),

("ps-al-ahli-hospital-2023-10-17", "Levant Report", "2023-10-17",
 """GAZA, Oct 17 - A huge explosion tore through the courtyard of al-Ahli Arab hospital in Gaza City on Tuesday evening, where hundreds of displaced Palestinians had been sheltering, and the Hamas-run health ministry said at least 500 people were killed. Health officials blamed an Israeli air strike. The Israeli military denied it had struck the hospital and said intelligence showed the blast was caused by a rocket misfired by the Islamic Jihad group. Islamic Jihad rejected the accusation as a lie."""),
("ps-al-ahli-hospital-2023-10-17", "Gulf Telegraph", "2023-10-18",
 """Palestinians buried the dead on Wednesday after yesterday's blast at the al-Ahli Arab Hospital in Gaza City, which Gaza's health ministry says killed 471 people. Israel said an errant rocket fired by Palestinian Islamic Jihad caused the explosion and released what it said was intercepted communication between Hamas operatives. Protests against Israel broke out across the region, and a summit in Jordan with the US president was cancelled."""),
("ps-al-ahli-hospital-2023-10-17", "Meridian News", "2023-10-19",
 """US intelligence estimates that between 100 and 300 people were killed in the October 17 explosion at the Ahli Arab hospital in Gaza, lower than the toll given by Palestinian officials, a US official said on Thursday. Washington assessed that Israel was not responsible for the blast. Independent analysts said the damage in the hospital courtyard was not consistent with a large air-dropped bomb, but the cause remains disputed."""),

("ps-jabalia-2023-10-31", "Levant Report", "2023-10-31",
 """GAZA, Oct 31 - An Israeli air strike on the crowded Jabalia refugee camp in northern Gaza on Tuesday killed at least 50 people and wounded 150, the director of the nearby Indonesian hospital said. Video showed huge craters among destroyed buildings as residents searched for survivors with their bare hands. The Israeli military said the strike killed Ibrahim Biari, a Hamas commander it said was one of the planners of the October 7 attack, and destroyed Hamas tunnels under the camp."""),
("ps-jabalia-2023-10-31", "Gulf Telegraph", "2023-11-01",
 """The Hamas-run interior ministry said about 400 people were killed or wounded in Israel's bombing of Jabalia camp yesterday, with whole residential blocks flattened. Israel's army spokesman confirmed that fighter jets struck the area, saying it targeted a Hamas battalion commander and fighters in an underground complex. Jordan and Qatar condemned the strike on the refugee camp, the largest in the Gaza Strip."""),

("ps-flour-massacre-2024-02-29", "Levant Report", "2024-02-29",
 """GAZA CITY, Feb 29 - More than 100 Palestinians were killed on Thursday as crowds gathered around aid trucks near the Nabulsi roundabout on al-Rashid road in Gaza City, health officials said, accusing Israeli troops of opening fire on people waiting for flour. The health ministry said 104 people were killed and 760 injured. The Israeli military said many were killed in a stampede or run over by trucks, and that troops fired at people who approached them in a threatening manner."""),
("ps-flour-massacre-2024-02-29", "Meridian News", "2024-03-01",
 """The death toll in Thursday's chaos at an aid convoy in Gaza City has risen to 112, Palestinian health officials said. Doctors at al-Awda hospital said many of the wounded had gunshot injuries. Israel disputed the Palestinian account, saying a crowd surged toward the trucks and that its soldiers fired only warning shots before shooting at a group that endangered them. The UN secretary-general called for an independent investigation into what Palestinians have called the flour massacre."""),
("ps-flour-massacre-2024-02-29", "Atlas Press Agency", "2024-03-01",
 """Gaza's health ministry said yesterday's killing of Palestinians waiting for food aid southwest of Gaza City left 112 dead. The incident happened before dawn as thousands rushed trucks carrying flour. An Israeli military spokesman said the army's initial review showed that most victims died in a stampede."""),

("ps-wck-convoy-2024-04-01", "Levant Report", "2024-04-02",
 """Seven aid workers from the charity World Central Kitchen were killed in an Israeli air strike on their convoy in Deir al-Balah in central Gaza last night, the charity said on Tuesday. The victims included citizens of Britain, Australia and Poland, a US-Canadian dual national and a Palestinian. The group said its convoy had coordinated its movements with the Israeli military and was travelling in armoured cars marked with its logo. Prime Minister Benjamin Netanyahu acknowledged that Israeli forces had unintentionally struck innocent people."""),
("ps-wck-convoy-2024-04-01", "Gulf Telegraph", "2024-04-02",
 """DEIR AL-BALAH, April 2 - World Central Kitchen paused its operations in Gaza on Tuesday after an Israeli strike on Monday night killed seven of its staff who had just unloaded food at a warehouse in Deir al-Balah. Three cars in the convoy were hit one after another, the charity said. Israel's military chief called the strike a grave mistake resulting from misidentification."""),
("ps-wck-convoy-2024-04-01", "Northern Star Daily", "2024-04-03",
 """Australia and Britain demanded a full explanation on Wednesday for the killing of seven World Central Kitchen workers in Gaza on April 1. The Israeli army said it was investigating the strike near Deir al-Balah and that it had been a serious mistake. Chef Jose Andres said the workers were targeted systematically, car by car."""),

("ps-shifa-withdrawal-2024-04-01", "Gulf Telegraph", "2024-04-01",
 """GAZA CITY, April 1 - Israeli forces withdrew from al-Shifa hospital in Gaza City on Monday after a two-week raid, leaving the largest hospital in the territory in ruins, witnesses and the health ministry said. Palestinian civil defence workers said they found dozens of bodies in and around the complex. The Israeli military said its troops had killed about 200 militants and detained hundreds during the operation, and that it had avoided harming civilians and medical staff."""),

("ps-rafah-tent-camp-2024-05-26", "Levant Report", "2024-05-27",
 """An Israeli air strike on a camp for displaced people in Rafah last night set tents ablaze and killed at least 35 Palestinians, most of them women and children, Gaza's health ministry said on Monday. The strike hit the Tal al-Sultan area in western Rafah, which residents said had been designated a safe zone. The Israeli military said it had struck a Hamas compound and killed two senior Hamas officials, Yassin Rabia and Khaled Nagar, and that it was reviewing reports that civilians were harmed by a fire."""),
("ps-rafah-tent-camp-2024-05-26", "Meridian News", "2024-05-28",
 """The number of people killed in Sunday's strike on a tent camp in Rafah rose to 45, the Gaza health ministry said. Prime Minister Netanyahu told parliament that a tragic mishap had occurred and that the incident was being investigated. The Israeli military said a secondary explosion, possibly from weapons stored nearby, may have caused the fire that swept the displacement camp."""),
("ps-rafah-tent-camp-2024-05-26", "Gulf Telegraph", "2024-05-27",
 """RAFAH, May 27 - Doctors in Rafah said they were overwhelmed by burn victims after Israeli bombs struck a displacement camp near a UN logistics base on Sunday evening. At least 40 people were killed, according to Palestinian officials. Footage showed people pulling charred bodies from burning tents."""),

("il-tel-aviv-rockets-2024-05-26", "Northern Star Daily", "2024-05-26",
 """TEL AVIV, May 26 - Sirens sounded in Tel Aviv on Sunday for the first time in months after Hamas fired a barrage of rockets from Rafah in southern Gaza toward central Israel. The Israeli military said eight rockets were launched and that several were intercepted. No injuries were reported. Hamas's armed wing, the Qassam Brigades, said the barrage was in response to Israeli massacres of civilians."""),

("ps-nuseirat-school-2024-06-06", "Levant Report", "2024-06-06",
 """NUSEIRAT, Gaza, June 6 - An Israeli air strike hit a UN school sheltering displaced families in Nuseirat refugee camp in central Gaza early on Thursday, killing at least 33 people, including children, local health officials said. The Israeli military said its jets targeted Hamas and Islamic Jihad fighters who were operating from a compound inside the school run by UNRWA, and later published names of militants it said were killed. UNRWA chief Philippe Lazzarini said about 6,000 people were sheltering there."""),
("ps-nuseirat-school-2024-06-06", "Gulf Telegraph", "2024-06-07",
 """Gaza's government media office said on Friday that 40 people were killed when Israeli warplanes hit a UNRWA school in Nuseirat camp yesterday. The Israeli army said 17 militants were among the dead in the strike on the school's classrooms. The United Nations said it could not verify the claims of armed groups using the school."""),

("ps-nuseirat-rescue-2024-06-08", "Northern Star Daily", "2024-06-08",
 """Israeli special forces rescued four hostages from two apartments in Nuseirat in central Gaza on Saturday in a daylight raid backed by heavy air strikes, the military said. Noa Argamani, Almog Meir Jan, Andrey Kozlov and Shlomi Ziv, taken from the Nova music festival on October 7, were flown to hospital. An Israeli police officer was killed in the operation. Gaza's health ministry said 274 Palestinians were killed and hundreds wounded in the bombardment of the camp that accompanied the raid."""),
("ps-nuseirat-rescue-2024-06-08", "Levant Report", "2024-06-09",
 """Residents of Nuseirat camp described streets full of bodies after yesterday's Israeli raid to free four hostages, which the Gaza health ministry says killed 274 Palestinians, including 64 children. The Israeli military disputed the figure, saying it was aware of fewer than 100 Palestinian casualties. Hamas's armed wing said some other hostages were killed in the operation, a claim Israel did not confirm."""),
("ps-nuseirat-rescue-2024-06-08", "Meridian News", "2024-06-09",
 """Israel's military spokesman said on Sunday that Saturday's rescue in the Nuseirat camp was one of the most complex operations of the war and that troops came under heavy fire while extracting the hostages. Palestinian officials said more than 200 people were killed in the area during the raid."""),

("ps-mawasi-deif-2024-07-13", "Levant Report", "2024-07-13",
 """KHAN YOUNIS, Gaza, July 13 - An Israeli air strike targeting Hamas military chief Mohammed Deif hit the al-Mawasi area west of Khan Younis on Saturday, killing at least 71 people in a zone designated for displaced civilians, Gaza's health ministry said. The Israeli military said it struck a fenced compound where Deif and Rafa Salama, commander of Hamas's Khan Younis brigade, were hiding among civilians. Hamas said Deif was not harmed."""),
("ps-mawasi-deif-2024-07-13", "Gulf Telegraph", "2024-07-14",
 """Gaza health officials said on Sunday that 90 people were killed and 300 wounded in yesterday's Israeli strike on al-Mawasi, near Khan Younis, where tents of displaced families crowd the coast. Nasser hospital was overwhelmed. Israel said the attack targeted Mohammed Deif and that it was still checking whether he was killed."""),
("ps-mawasi-deif-2024-07-13", "Atlas Press Agency", "2024-07-15",
 """Israel's defence minister said on Monday that Rafa Salama, the Khan Younis brigade commander, was killed in Saturday's strike in al-Mawasi that targeted Mohammed Deif. The strike in southern Gaza killed at least 90 Palestinians, according to the health ministry in the territory."""),

("ps-shati-prayer-2024-07-13", "Northern Star Daily", "2024-07-13",
 """GAZA CITY, July 13 - An Israeli strike on a gathering for prayers in the Shati refugee camp west of Gaza City killed at least 20 people on Saturday, the Hamas-run civil defence agency said. The strike hit worshippers outside a building used as a prayer hall. The Israeli military did not immediately comment on the strike in Beach camp, which came hours after a separate attack in Khan Younis."""),

("ps-tabiin-school-2024-08-10", "Levant Report", "2024-08-10",
 """GAZA CITY, Aug 10 - Israeli missiles struck the al-Tabi'in school in Gaza City's Daraj neighbourhood during dawn prayers on Saturday, killing more than 90 people who had been sheltering there, the Gaza civil defence agency said. Spokesman Mahmoud Bassal said rescuers were struggling to identify bodies. The Israeli military said it struck a Hamas and Islamic Jihad command centre inside the school compound and killed 19 militants."""),
("ps-tabiin-school-2024-08-10", "Meridian News", "2024-08-11",
 """The Israeli army disputed Palestinian casualty figures for Saturday's strike on a school in Gaza City, saying its review showed at least 19 militants were among those killed and that the numbers published by Gaza authorities were exaggerated. Gaza officials said 93 people died in the school, which housed displaced families. Egypt, Qatar and Jordan condemned the strike."""),

("il-majdal-shams-2024-07-27", "Northern Star Daily", "2024-07-27",
 """MAJDAL SHAMS, July 27 - A rocket struck a football field in the Druze town of Majdal Shams in the Israeli-occupied Golan Heights on Saturday, killing 12 children and teenagers, Israeli officials said. The Israeli military said the rocket was a Falaq-1 fired by Hezbollah from southern Lebanon. Hezbollah denied any responsibility for the attack, which was the deadliest on Israeli-controlled territory since the Lebanon front opened in October."""),
("il-majdal-shams-2024-07-27", "Levant Report", "2024-07-28",
 """Thousands attended funerals on Sunday in Majdal Shams for children killed when a rocket hit a football pitch yesterday. Israel vowed a harsh response against Hezbollah, which said it had nothing to do with the strike. At least 11 young people were killed, and more than 30 injured, according to medical teams in the Golan town."""),
("il-majdal-shams-2024-07-27", "Global Desk", "2024-07-29",
 """The United States said on Monday that it believed Hezbollah was behind the July 27 rocket strike on Majdal Shams in the Golan Heights that killed 12 children. Hezbollah continued to deny responsibility. Diplomats worked to prevent a wider war between Israel and the Lebanese group."""),
]
